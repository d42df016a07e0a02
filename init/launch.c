/*
 * launch: starting one entry's process with a clean slate (see launch.h).
 */
#include "launch.h"

#include "command.h"
#include "console.h"
#include "initreq.h"
#include "utmpio.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <bsd/stdlib.h>
#include <bsd/unistd.h>

#define ENV_FIXED 6

/*
 * Every disposition back to default, including the C library's internal
 * signals (32, 33), which sigaction() refuses to touch and posix_spawn()
 * leaves ignored: the kernel call does what is needed.  Done once, in
 * init: it reads every signal from a descriptor with all of them blocked,
 * so it needs no disposition of its own, and what it execs inherits
 * clean ones without 62 system calls per child.  (An ignored signal
 * survives exec: sysvinit, handing over, ignores most.)
 */
void launch_prepare(void)
{
	struct {
		void (*handler)(int);
		unsigned long flags;
		void (*restorer)(void);
		unsigned long mask;
	} dfl = { SIG_DFL, 0, NULL, 0 };

	for (int sig = 1; sig <= 64; sig++)
		if (sig != SIGKILL && sig != SIGSTOP)
			syscall(SYS_rt_sigaction, sig, &dfl, NULL, sizeof(dfl.mask));
}

/*
 * A new session with the console (or /dev/null) as stdio, every other
 * descriptor from keep_from up closed.  With ctty the console becomes the
 * session's controlling terminal.  Only system calls.
 */
static void enter_session(bool ctty, int keep_from)
{
	int fd;

	setsid();
	/* Opening the console without O_NOCTTY in the new session makes it
	 * the controlling terminal.  A vfork parent is suspended until exec:
	 * a serial console waiting for its carrier must not hold it, so open
	 * without blocking, then give the program an ordinary blocking
	 * descriptor. */
	fd = open(console_path(), O_RDWR | O_APPEND | O_NONBLOCK | (ctty ? 0 : O_NOCTTY));
	if (fd >= 0)
		fcntl(fd, F_SETFL, O_APPEND);
	else
		fd = open("/dev/null", O_RDWR);
	if (fd >= 0) {
		dup2(fd, STDIN_FILENO);
		dup2(fd, STDOUT_FILENO);
		dup2(fd, STDERR_FILENO);
	}
	closefrom(keep_from);
}

static void unblock_all(void)
{
	sigset_t none;

	sigemptyset(&none);
	syscall(SYS_rt_sigprocmask, SIG_SETMASK, &none, NULL, 8);
}

/*
 * The child between vfork() and exec: only system calls, no allocation.
 * Reports a failure through *err, which vfork() shares with the parent.
 */
static void child(char *const argv[], char *const envp[], const char *utmp_id,
		  volatile int *err)
{
	/* As sysvinit, from the child before exec: a getty that looks for
	 * its INIT_PROCESS record (for the id) always finds it.  Written
	 * through init's descriptors, so before they are closed; when the
	 * exec fails, init writes the DEAD_PROCESS record. */
	if (utmp_id)
		utmp_init_process(utmp_id, getpid());
	enter_session(false, STDERR_FILENO + 1);
	unblock_all();
	execvpe(argv[0], argv, envp);
	*err = errno;
	_exit(127);
}

/* Where the keeper tells init why its command could not run. */
#define KEEPER_REPORT_FD 3

static void report_failure(int fd, int err)
{
	ssize_t n;

	do
		n = write(fd, &err, sizeof(err));
	while (n < 0 && errno == EINTR);
}

/*
 * A process that gets the console as its controlling terminal (what init
 * waits for at boot and in single user) runs under a keeper, as with
 * sysvinit: a fork of init that leads the session and runs the command
 * as its child.  When the command has exited, the keeper takes the
 * terminal from the session before it leaves: a session leader that dies
 * with a terminal hangs up the terminal's foreground group, which would
 * kill whatever the command left in the background (an rc script's
 * daemons).  The keeper keeps init's signal mask, so only SIGKILL ends it
 * early; it exits as its command did.
 */
static _Noreturn void keeper(char *const argv[], char *const envp[], const char *utmp_id,
			     int report)
{
	int status = 0;
	pid_t cmd, thief;

	utmp_forget();
	if (dup2(report, KEEPER_REPORT_FD) < 0)
		_exit(127);
	fcntl(KEEPER_REPORT_FD, F_SETFD, FD_CLOEXEC);
	enter_session(true, KEEPER_REPORT_FD + 1);
	cmd = fork();
	if (cmd == 0) {
		unblock_all();
		/* As sysvinit, whose extra process is the same: the record
		 * names the command's own pid (the DEAD_PROCESS record, by
		 * id, the keeper's). */
		if (utmp_id) {
			utmp_init_process(utmp_id, getpid());
			utmp_end_turn();
		}
		execvpe(argv[0], argv, envp);
		report_failure(KEEPER_REPORT_FD, errno);
		if (utmp_id) {
			utmp_dead_process(utmp_id, getpid());
			utmp_end_turn();
		}
		_exit(127);
	}
	if (cmd < 0) {
		report_failure(KEEPER_REPORT_FD, errno);
		_exit(127);
	}
	close(KEEPER_REPORT_FD);
	while (waitpid(cmd, &status, 0) < 0 && errno == EINTR)
		;
	/* As sysvinit: a program that had the console (sulogin, an rc
	 * script) may have left it raw. */
	console_make_sane();
	/* Steal the terminal into a session of its own that ends at once
	 * (TIOCSCTTY with force needs CAP_SYS_ADMIN: without it, as in a
	 * user namespace, the hang-up happens as if there were no keeper). */
	if (tcgetsid(STDIN_FILENO) == getsid(0)) {
		thief = fork();
		if (thief == 0) {
			setsid();
			ioctl(STDIN_FILENO, TIOCSCTTY, 1);
			_exit(0);
		}
		while (thief > 0 && waitpid(thief, NULL, 0) < 0 && errno == EINTR)
			;
	}
	if (WIFSIGNALED(status)) {
		struct rlimit no_core = { 0, 0 };
		sigset_t sig;

		setrlimit(RLIMIT_CORE, &no_core);
		signal(WTERMSIG(status), SIG_DFL);
		sigemptyset(&sig);
		sigaddset(&sig, WTERMSIG(status));
		sigprocmask(SIG_UNBLOCK, &sig, NULL);
		raise(WTERMSIG(status));
	}
	_exit(WIFEXITED(status) ? WEXITSTATUS(status) : 1);
}

/* Start the keeper and wait until its command has been exec'd (the report
 * pipe closes) or has failed to be (the pipe says why). */
static pid_t spawn_keeper(char *const argv[], char *const envp[], const char *utmp_id,
			  int *err)
{
	int pipefd[2], why = 0;
	ssize_t n;
	pid_t pid;

	if (pipe2(pipefd, O_CLOEXEC) != 0) {
		*err = errno;
		return -1;
	}
	pid = fork();
	if (pid == 0) {
		close(pipefd[0]);
		keeper(argv, envp, utmp_id, pipefd[1]);
	}
	close(pipefd[1]);
	if (pid < 0) {
		*err = errno;
	} else {
		do
			n = read(pipefd[0], &why, sizeof(why));
		while (n < 0 && errno == EINTR);
		if (n == (ssize_t)sizeof(why)) {
			/* The keeper exits with 127; reaped as usual. */
			*err = why;
			pid = -1;
		}
	}
	close(pipefd[0]);
	return pid;
}

/* The length of the name in "NAME=VALUE"; 0 without an '='. */
static size_t name_length(const char *var)
{
	const char *eq = strchr(var, '=');

	return eq ? (size_t)(eq - var) : 0;
}

/* Whether one of vars[0..n) sets the variable that var sets. */
static bool sets_same(const char *var, const char *const vars[], size_t n)
{
	size_t len = name_length(var);

	for (size_t i = 0; i < n; i++)
		if (name_length(vars[i]) == len && strncmp(var, vars[i], len) == 0)
			return true;
	return false;
}

/*
 * As sysvinit: what init was started with (the kernel passes the words of
 * its command line that have an '=', and HOME and TERM), then telinit -e's
 * INIT_* variables, then the documented ones; a later one replaces an
 * earlier one of the same name.  Returns a malloc'd array of borrowed
 * strings, or NULL.
 */
static const char **child_environment(const struct spawn_env *env, char *runlevel,
				      char *prevlevel)
{
	const char *fixed[ENV_FIXED] = {
		"PATH=" SPAWN_PATH,
		"INIT_VERSION=" PACKAGE_NAME "-" PACKAGE_VERSION,
		runlevel,
		prevlevel,
		console_env(),
		"SHELL=/bin/sh",
	};
	const char *own[ENV_FIXED + INITREQ_ENV_MAX];
	size_t nown = 0, ninherited = 0, n = 0;
	const char **envp;

	for (size_t i = 0; i < ENV_FIXED; i++)
		own[nown++] = fixed[i];
	for (size_t i = 0; env->extra && env->extra[i] && i < INITREQ_ENV_MAX; i++)
		if (!sets_same(env->extra[i], fixed, ENV_FIXED))
			own[nown++] = env->extra[i];
	while (env->inherited && env->inherited[ninherited])
		ninherited++;
	envp = reallocarray(NULL, ninherited + nown + 1, sizeof(*envp));
	if (!envp)
		return NULL;
	for (size_t i = 0; i < ninherited; i++)
		if (name_length(env->inherited[i]) > 0 &&
		    !sets_same(env->inherited[i], own, nown))
			envp[n++] = env->inherited[i];
	for (size_t i = 0; i < nown; i++)
		envp[n++] = own[i];
	envp[n] = NULL;
	return envp;
}

pid_t spawn_entry(const struct entry *e, bool ctty, const struct spawn_env *env,
		  int *err)
{
	char runlevel[16], prevlevel[16];
	const char **envp;
	char **argv = NULL;
	/* Never in single user, as sysvinit: a broken initscript must not
	 * lock the administrator out. */
	const char *initscript = env->initscript && access(PATH_INITSCRIPT, R_OK) == 0 ?
		PATH_INITSCRIPT : NULL;
	volatile int exec_err = 0;
	pid_t pid;

	snprintf(runlevel, sizeof(runlevel), "RUNLEVEL=%c", env->level);
	snprintf(prevlevel, sizeof(prevlevel), "PREVLEVEL=%c", env->prev);
	envp = child_environment(env, runlevel, prevlevel);
	if (!envp) {
		*err = ENOMEM;
		return -1;
	}

	if (command_argv(e, initscript, &argv) != 0) {
		*err = e->process[0] ? ENOMEM : ENOENT;
		free(envp);
		return -1;
	}

	const char *utmp_id = e->no_utmp ? NULL : e->id;
	if (ctty) {
		/* The keeper's child opens the files for its record while
		 * init waits for its exec: init must not hold their lock. */
		utmp_end_turn();
		pid = spawn_keeper(argv, (char *const *)envp, utmp_id, err);
	} else {
		if (utmp_id)
			utmp_prepare();
		/* vfork: PID 1 may be large and the child execs at once; the
		 * parent is suspended only until the exec, and learns whether
		 * it failed. */
		pid = vfork();
		if (pid == 0)
			child(argv, (char *const *)envp, utmp_id, &exec_err);
		if (pid < 0) {
			*err = errno;
		} else if (exec_err) {
			/* The child has exited with 127; reaped as usual. */
			if (utmp_id)
				utmp_dead_process(utmp_id, pid);
			*err = exec_err;
			pid = -1;
		}
	}
	command_free(argv);
	free(envp);
	return pid;
}
