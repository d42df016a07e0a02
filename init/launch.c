#include "launch.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <bsd/stdlib.h>
#include <bsd/unistd.h>

#define ENV_FIXED 6

/*
 * Every disposition back to default, including the C library's internal
 * signals (32, 33), which sigaction() refuses to touch and posix_spawn()
 * leaves ignored: the kernel call does what the child needs.
 */
static void default_dispositions(void)
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
 * The child between vfork() and exec: only system calls, no allocation.
 * Reports a failure through *err, which vfork() shares with the parent.
 */
static void child(char *const argv[], char *const envp[], bool ctty, volatile int *err)
{
	sigset_t none;
	int fd;

	default_dispositions();
	sigemptyset(&none);
	setsid();
	/* Opening the console without O_NOCTTY in the new session makes it
	 * the controlling terminal of the processes init waits for.  The
	 * parent is suspended until exec: a serial console waiting for its
	 * carrier must not hold it, so open without blocking, then give the
	 * program an ordinary blocking descriptor. */
	fd = open("/dev/console", O_RDWR | O_APPEND | O_NONBLOCK | (ctty ? 0 : O_NOCTTY));
	if (fd >= 0)
		fcntl(fd, F_SETFL, O_APPEND);
	else
		fd = open("/dev/null", O_RDWR);
	if (fd >= 0) {
		dup2(fd, STDIN_FILENO);
		dup2(fd, STDOUT_FILENO);
		dup2(fd, STDERR_FILENO);
	}
	closefrom(STDERR_FILENO + 1);
	syscall(SYS_rt_sigprocmask, SIG_SETMASK, &none, NULL, 8);
	execvpe(argv[0], argv, envp);
	*err = errno;
	_exit(127);
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
		"CONSOLE=/dev/console",
		"SHELL=/bin/sh",
	};
	const char *own[ENV_FIXED + SPAWN_ENV_EXTRA_MAX];
	size_t nown = 0, ninherited = 0, n = 0;
	const char **envp;

	for (size_t i = 0; i < ENV_FIXED; i++)
		own[nown++] = fixed[i];
	for (size_t i = 0; env->extra && env->extra[i] && i < SPAWN_ENV_EXTRA_MAX; i++)
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
	char level[2] = { env->level, 0 };
	char runlevel[16], prevlevel[16];
	const char **envp;
	char **argv = NULL;
	const char *initscript = access(PATH_INITSCRIPT, R_OK) == 0 ? PATH_INITSCRIPT : NULL;
	volatile int exec_err = 0;
	pid_t pid;

	snprintf(runlevel, sizeof(runlevel), "RUNLEVEL=%c", env->level);
	snprintf(prevlevel, sizeof(prevlevel), "PREVLEVEL=%c", env->prev);
	envp = child_environment(env, runlevel, prevlevel);
	if (!envp) {
		*err = ENOMEM;
		return -1;
	}

	if (command_argv(e, initscript, level, &argv) != 0) {
		*err = e->process[0] ? ENOMEM : ENOENT;
		free(envp);
		return -1;
	}

	/* vfork: PID 1 may be large and the child execs at once; the parent
	 * is suspended only until the exec, and learns whether it failed. */
	pid = vfork();
	if (pid == 0)
		child(argv, (char *const *)envp, ctty, &exec_err);
	if (pid < 0) {
		*err = errno;
	} else if (exec_err) {
		/* The child has exited with 127; its exit is reaped as usual. */
		*err = exec_err;
		pid = -1;
	}
	command_free(argv);
	free(envp);
	return pid;
}
