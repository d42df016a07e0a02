/*
 * launch: starting one entry's process with a clean slate (see launch.h).
 */
#include "launch.h"

#include "command.h"
#include "console.h"
#include "initreq.h"
#include "log.h"
#include "spawner.h"
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
	 * the controlling terminal.  A serial console waiting for its
	 * carrier must not hold the start (sysvinit opens it the same way):
	 * open without blocking, then give the program an ordinary blocking
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
 * The program could not be executed: said by the process itself, as
 * sysvinit's child does, since init no longer waits for the exec to
 * learn it.  sysvinit's words (console and syslog), then ours for
 * syslog alone: why, and for whom.  The DEAD_PROCESS record goes after
 * the INIT_PROCESS one; init sees the exit (127) as any other.
 */
static _Noreturn void cannot_execute(const struct start_order *o, int err)
{
	const char *prog = o->process + (o->process[0] == '@');
	size_t len;

	prog += strspn(prog, " \t");
	len = strcspn(prog, " \t#");
	/* As the state machine words a start that failed (at most 255). */
	log_to(true, true, "cannot execute \"%.*s\"", (int)(len < 256 ? len : 255), prog);
	log_to(false, true, "Id \"%s\": cannot execute \"%s\": %s", o->id,
	       o->process, strerror(err));
	if (o->utmp) {
		utmp_dead_process(o->id, getpid());
		utmp_end_turn();
	}
	_exit(127);
}

/*
 * The entry's process (made by the spawner, a fork of init): its records,
 * its session, its program.  As sysvinit, the INIT_PROCESS record is written before the
 * exec, so that a getty that looks for it (for the id) always finds it;
 * through descriptors of its own, under a lock of its own, so that
 * whatever the file costs (a scan, a wait for its lock) is this
 * process's time, not PID 1's.
 */
static _Noreturn void run_child(const struct start_order *o)
{
	utmp_forget();
	if (o->utmp) {
		utmp_init_process(o->id, getpid());
		utmp_end_turn();
	}
	enter_session(false, STDERR_FILENO + 1);
	unblock_all();
	execvpe(o->argv[0], o->argv, o->envp);
	cannot_execute(o, errno);
}

/*
 * A process that gets the console as its controlling terminal (what init
 * waits for at boot and in single user) runs under a keeper, as with
 * sysvinit: a process of init's that leads the session and runs the command
 * as its child.  When the command has exited, the keeper takes the
 * terminal from the session before it leaves: a session leader that dies
 * with a terminal hangs up the terminal's foreground group, which would
 * kill whatever the command left in the background (an rc script's
 * daemons).  The keeper keeps init's signal mask, so only SIGKILL ends it
 * early; it exits as its command did.
 */
static _Noreturn void keeper(const struct start_order *o)
{
	int status = 0;
	pid_t cmd, thief;

	utmp_forget();
	enter_session(true, STDERR_FILENO + 1);
	cmd = fork();
	if (cmd == 0) {
		unblock_all();
		/* As sysvinit, whose extra process is the same: the record
		 * names the command's own pid (the DEAD_PROCESS record, by
		 * id, the keeper's). */
		if (o->utmp) {
			utmp_init_process(o->id, getpid());
			utmp_end_turn();
		}
		execvpe(o->argv[0], o->argv, o->envp);
		cannot_execute(o, errno);
	}
	if (cmd < 0) {
		log_to(true, true, "cannot start Id \"%s\": %s", o->id, strerror(errno));
		_exit(127);
	}
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

_Noreturn void launch_become(const struct start_order *o)
{
	if (o->ctty)
		keeper(o);
	run_child(o);
}

/* Without the spawner: a fork of init itself. */
static pid_t fork_child(const struct start_order *o, int *err)
{
	pid_t pid = fork();

	if (pid == 0)
		launch_become(o);
	if (pid < 0)
		*err = errno;
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

/* An entry's order with its argv and environment (malloc'd). */
struct prepared {
	struct start_order o;
	char runlevel[16], prevlevel[16];
	char **argv;
	const char **envp;
};

static void release(struct prepared *p)
{
	command_free(p->argv);
	free(p->envp);
}

/* False with r->pid and r->err set when there is nothing to start. */
static bool prepare(struct spawn_req *r, struct prepared *p)
{
	const struct entry *e = r->e;
	/* Never in single user, as sysvinit: a broken initscript must not
	 * lock the administrator out. */
	const char *initscript = r->env->initscript && access(PATH_INITSCRIPT, R_OK) == 0 ?
		PATH_INITSCRIPT : NULL;

	snprintf(p->runlevel, sizeof(p->runlevel), "RUNLEVEL=%c", r->env->level);
	snprintf(p->prevlevel, sizeof(p->prevlevel), "PREVLEVEL=%c", r->env->prev);
	p->argv = NULL;
	p->envp = child_environment(r->env, p->runlevel, p->prevlevel);
	if (!p->envp || command_argv(e, initscript, &p->argv) != 0) {
		r->err = !p->envp || e->process[0] ? ENOMEM : ENOENT;
		r->pid = -1;
		free(p->envp);
		return false;
	}
	p->o = (struct start_order){ e->id, e->process, r->ctty, !e->no_utmp, p->argv,
				     (char *const *)p->envp };
	/* init's records so far, and the lock, for the child to write its own. */
	if (p->o.utmp)
		utmp_let_go();
	return true;
}

/* Started by a fork of init: where the spawner cannot take it. */
static void start_by_fork(struct spawn_req *r)
{
	struct prepared p;

	if (!prepare(r, &p))
		return;
	r->pid = fork_child(&p.o, &r->err);
	release(&p);
}

enum handed { HANDED, NOTHING_TO_START, NOT_NOW, NOT_TAKEN };

/* Handed to the spawner (its answer comes later), or not. */
static enum handed start_by_spawner(struct spawn_req *r)
{
	struct prepared p;
	enum spawner_sent sent;

	if (!prepare(r, &p))
		return NOTHING_TO_START;
	sent = spawner_send(&p.o);
	release(&p);
	return sent == SPAWNER_SENT ? HANDED : sent == SPAWNER_BUSY ? NOT_NOW : NOT_TAKEN;
}

/* Orders in flight at the spawner, oldest first. */
struct flight {
	size_t v[SPAWN_WINDOW];
	size_t first, n;
};

static void fly(struct flight *f, size_t i)
{
	f->v[(f->first + f->n++) % SPAWN_WINDOW] = i;
}

static size_t land(struct flight *f)
{
	size_t i = f->v[f->first];

	f->first = (f->first + 1) % SPAWN_WINDOW;
	f->n--;
	return i;
}

void spawn_entries(struct spawn_req *v, size_t n)
{
	struct flight f = { .n = 0 };
	size_t next = 0;

	while (next < n || f.n) {
		if (next < n && f.n < SPAWN_WINDOW) {
			enum handed h = start_by_spawner(&v[next]);

			if (h == HANDED)
				fly(&f, next);
			else if (h != NOTHING_TO_START && f.n == 0)
				start_by_fork(&v[next]);
			/* Else it waits for an answer to make room. */
			if (h == HANDED || h == NOTHING_TO_START || f.n == 0) {
				next++;
				continue;
			}
		}
		/* The oldest answer (it makes room, or ends a retiring
		 * spawner's queue). */
		size_t i = land(&f);

		if (!spawner_reply(&v[i].pid, &v[i].err)) {
			/* Lost with the spawner, and those after it. */
			start_by_fork(&v[i]);
			while (f.n)
				start_by_fork(&v[land(&f)]);
		}
	}
}
