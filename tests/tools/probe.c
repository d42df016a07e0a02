/*
 * probe: the traced stand-in for an inittab entry's process, used by the
 * differential test (tests/integration/differential.sh), which runs the
 * same scenario under sysvinit and under our init and compares what each
 * entry's process lived through.
 *
 *   probe [-e CODE] [-g FILE] [-w FILE] [-I | -T] [-L LINE] ID [ARG...]
 *
 * Every event is one line appended to /tmp/probe/trace under a lock:
 *     SEQ ID#N EVENT [DETAIL]
 * N counts the instances of ID (the Nth start of ID is ID#N), so events of
 * one instance stay in order however processes race.  Events:
 *   start pid=P ppid=Q args=[...] RUNLEVEL=.. PREVLEVEL=.. utmp=PREV,CUR
 *   term | hup | int | quit | usr2   a signal was caught
 *   usr1        caught: the controlled end (exit 0 follows)
 *   exit CODE   the process ends on its own (after -e, -w, a gate, TERM
 *               or USR1, or a login's logout)
 *   killed      it died of a signal it does not catch (SIGKILL): logged
 *               by a watcher process it forks at start, in its own session
 *               so that init's kill(-pgrp) does not reach it
 *   ready       (-L) the LOGIN_PROCESS record is written
 *   login       (-L) USR2 arrived: the USER_PROCESS record is written
 *   logout      (-L) the session's shell (instance ID.sh) ended
 * /tmp/probe/run/PID holds "ID#N" while the instance lives.
 *
 * Options:
 *   -e CODE  exit with CODE at once after start
 *   -g FILE  gate: exit 1 at once unless FILE exists (a respawn entry that
 *            fails until its cause is fixed)
 *   -w FILE  run until FILE exists, then exit 0
 *   -T       catch TERM, log it, keep running (KILL ends it)
 *   -I       ignore TERM without logging it (so a TERM that KILL follows at
 *            once leaves no racy trace)
 *   -L LINE  getty and login as Debian's agetty and login do them: write
 *            LOGIN_PROCESS for LINE into the slot init opened; on USR2 fork
 *            the session's "shell" (a probe with ID "ID.sh") and write
 *            USER_PROCESS with the shell's pid into that slot; when the
 *            shell ends, log logout and exit 0
 * Default: run until TERM (logged, then exit 0) or USR1.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <utmpx.h>

#define DIR_ "/tmp/probe"
#define PATH_UTMP_ "/run/utmp"
#define PATH_WTMP_ "/var/log/wtmp"

static char inst[64];            /* "ID#N" once started */
static char id[32];
static volatile sig_atomic_t got[65];

static void lock(int *fd)
{
	*fd = open(DIR_ "/lock", O_RDWR | O_CREAT | O_CLOEXEC, 0666);
	if (*fd >= 0)
		while (flock(*fd, LOCK_EX) < 0 && errno == EINTR)
			;
}

static void unlock(int fd)
{
	if (fd >= 0)
		close(fd);
}

/* Read, bump and store a counter file; the lock is held. */
static long bump(const char *path)
{
	long n = 0;
	FILE *f = fopen(path, "r");

	if (f) {
		if (fscanf(f, "%ld", &n) != 1)
			n = 0;
		fclose(f);
	}
	n++;
	f = fopen(path, "w");
	if (f) {
		fprintf(f, "%ld\n", n);
		fclose(f);
	}
	return n;
}

/* Append "SEQ INST EVENT" to the trace; the lock is held. */
static void append(const char *who, const char *event)
{
	char line[4096];
	long seq = bump(DIR_ "/seq");
	int fd, n;

	n = snprintf(line, sizeof(line), "%ld %s %s\n", seq, who, event);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(line))
		n = sizeof(line) - 1, line[n - 1] = '\n';
	fd = open(DIR_ "/trace", O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0666);
	if (fd < 0)
		return;
	if (write(fd, line, (size_t)n) < 0) {
		/* nothing to do: the runner sees the event missing */
	}
	close(fd);
}

static void event(const char *fmt, ...)
{
	char buf[3800];
	va_list ap;
	int fd;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	lock(&fd);
	append(inst, buf);
	unlock(fd);
}

/* Quote an argument so that empty ones and blanks show. */
static void quote(char *out, size_t size, const char *s)
{
	size_t o = strlen(out);

	if (o + 2 >= size)
		return;
	out[o++] = '\'';
	for (; *s && o + 3 < size; s++) {
		if (*s == '\'' || *s == '\\')
			out[o++] = '\\';
		out[o++] = isprint((unsigned char)*s) ? *s : '?';
	}
	out[o++] = '\'';
	out[o] = 0;
}

/* The RUN_LVL record of utmp as sysvinit's runlevel prints it. */
static void utmp_level(char *out, size_t size)
{
	struct utmpx *u;

	snprintf(out, size, "none");
	if (utmpxname(PATH_UTMP_) != 0)
		return;
	setutxent();
	while ((u = getutxent()) != NULL) {
		if (u->ut_type == RUN_LVL) {
			int prev = u->ut_pid / 256, cur = u->ut_pid % 256;

			snprintf(out, size, "%c,%c", prev ? prev : 'N', cur ? cur : '?');
			break;
		}
	}
	endutxent();
}

static void on_signal(int sig)
{
	got[sig] = 1;
}

static void finish(int code)
{
	char path[64];

	event("exit %d", code);
	snprintf(path, sizeof(path), DIR_ "/run/%ld", (long)getpid());
	unlink(path);
	/* The byte tells the watcher this was no kill. */
	if (write(3, "x", 1) < 0) {
		/* the watcher is gone: nothing to tell */
	}
	_exit(code);
}

/* The watcher: logs "killed" when the probe dies without finish(). */
static void watcher(int rd, pid_t probe)
{
	char buf[80], c;
	size_t n = 0;
	ssize_t r;
	int fd;

	setsid();
	prctl(PR_SET_NAME, "probe-watch", 0, 0, 0);
	signal(SIGHUP, SIG_IGN);
	fd = open("/dev/null", O_RDWR);
	if (fd >= 0) {
		dup2(fd, 0), dup2(fd, 1), dup2(fd, 2);
		if (fd > 2)
			close(fd);
	}
	/* First the instance name, up to a newline. */
	while (n + 1 < sizeof(buf) && (r = read(rd, &c, 1)) != 0) {
		if (r < 0) {
			if (errno == EINTR)
				continue;
			_exit(0);
		}
		if (c == '\n')
			break;
		buf[n++] = c;
	}
	buf[n] = 0;
	if (n == 0)
		_exit(0);
	for (;;) {
		r = read(rd, &c, 1);
		if (r < 0 && errno == EINTR)
			continue;
		break;
	}
	if (r == 1)
		_exit(0);        /* it ended on its own and said so */
	lock(&fd);
	append(buf, "killed");
	unlock(fd);
	{
		char path[64];

		snprintf(path, sizeof(path), DIR_ "/run/%ld", (long)probe);
		unlink(path);
	}
	_exit(0);
}

/* agetty's update_utmp(): find the slot init opened for this pid, else
 * make the id from the line, and write LOGIN_PROCESS there and to wtmp. */
static void getty_record(const char *line)
{
	struct utmpx ut, *u;
	pid_t pid = getpid();
	int tries;

	utmpxname(PATH_UTMP_);
	/* A real getty opens its line before this: give init the moment it
	 * takes to record the process it started. */
	for (tries = 0; tries < 100; tries++) {
		setutxent();
		while ((u = getutxent()) != NULL)
			if (u->ut_pid == pid && u->ut_type >= INIT_PROCESS &&
			    u->ut_type <= DEAD_PROCESS)
				break;
		if (u)
			break;
		endutxent();
		usleep(20000);
	}
	if (u) {
		memcpy(&ut, u, sizeof(ut));
	} else {
		const char *p = line;

		memset(&ut, 0, sizeof(ut));
		if (strncmp(p, "tty", 3) == 0 && isdigit((unsigned char)p[3]))
			p += 3;
		else if (strlen(p) >= sizeof(ut.ut_id))
			p += strlen(p) - sizeof(ut.ut_id);
		strncpy(ut.ut_id, p, sizeof(ut.ut_id));
	}
	strncpy(ut.ut_user, "LOGIN", sizeof(ut.ut_user));
	strncpy(ut.ut_line, line, sizeof(ut.ut_line));
	ut.ut_tv.tv_sec = time(NULL);
	ut.ut_tv.tv_usec = 0;
	ut.ut_type = LOGIN_PROCESS;
	ut.ut_pid = pid;
	ut.ut_session = getsid(0);
	setutxent();
	pututxline(&ut);
	endutxent();
	updwtmpx(PATH_WTMP_, &ut);
}

/* login's log_utmp(), with the shell's pid as Debian's login records it. */
static void login_record(const char *line, pid_t shell)
{
	struct utmpx ut, key, *u;
	pid_t pid = getpid();

	utmpxname(PATH_UTMP_);
	setutxent();
	while ((u = getutxent()) != NULL)
		if (u->ut_pid == pid && u->ut_type >= INIT_PROCESS &&
		    u->ut_type <= DEAD_PROCESS)
			break;
	if (u == NULL) {
		setutxent();
		memset(&key, 0, sizeof(key));
		key.ut_type = LOGIN_PROCESS;
		strncpy(key.ut_line, line, sizeof(key.ut_line));
		u = getutxline(&key);
	}
	if (u)
		memcpy(&ut, u, sizeof(ut));
	else
		memset(&ut, 0, sizeof(ut));
	strncpy(ut.ut_user, "root", sizeof(ut.ut_user));
	strncpy(ut.ut_line, line, sizeof(ut.ut_line));
	ut.ut_tv.tv_sec = time(NULL);
	ut.ut_tv.tv_usec = 0;
	ut.ut_type = USER_PROCESS;
	ut.ut_pid = shell;
	setutxent();
	pututxline(&ut);
	endutxent();
	updwtmpx(PATH_WTMP_, &ut);
}

int main(int argc, char **argv)
{
	const char *gate = NULL, *until = NULL, *line = NULL;
	int code = -1, term = 0;  /* term: 0 log+exit, 1 log+stay, 2 ignore */
	char start[3000], lvl[16], path[64], nbuf[80];
	int opt, fd, pfd[2], i;
	pid_t shell = 0;
	struct sigaction sa;

	while ((opt = getopt(argc, argv, "+e:g:w:ITL:")) != -1) {
		switch (opt) {
		case 'e': code = atoi(optarg); break;
		case 'g': gate = optarg; break;
		case 'w': until = optarg; break;
		case 'T': term = 1; break;
		case 'I': term = 2; break;
		case 'L': line = optarg; break;
		default:
			fprintf(stderr, "usage: probe [-e CODE] [-g FILE] [-w FILE] [-I|-T] [-L LINE] ID [ARG...]\n");
			return 2;
		}
	}
	if (optind >= argc)
		return 2;
	snprintf(id, sizeof(id), "%s", argv[optind]);

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGUSR2, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGQUIT, &sa, NULL);
	sigaction(SIGCHLD, &sa, NULL);
	if (term == 2)
		signal(SIGTERM, SIG_IGN);
	else
		sigaction(SIGTERM, &sa, NULL);

	/* The watcher holds the read end; fd 3 is the write end. */
	if (pipe(pfd) == 0) {
		pid_t w = fork();

		if (w == 0) {
			close(pfd[1]);
			watcher(pfd[0], getppid());
		}
		close(pfd[0]);
		if (pfd[1] != 3) {
			dup2(pfd[1], 3);
			close(pfd[1]);
		}
		fcntl(3, F_SETFD, FD_CLOEXEC);
	}

	/* start, under the lock that numbers the instance */
	snprintf(start, sizeof(start), "start pid=%ld ppid=%ld args=[",
		 (long)getpid(), (long)getppid());
	for (i = optind + 1; i < argc; i++) {
		if (i > optind + 1)
			strncat(start, " ", sizeof(start) - strlen(start) - 1);
		quote(start, sizeof(start), argv[i]);
	}
	utmp_level(lvl, sizeof(lvl));
	snprintf(start + strlen(start), sizeof(start) - strlen(start),
		 "] RUNLEVEL=%s PREVLEVEL=%s utmp=%s",
		 getenv("RUNLEVEL") ? getenv("RUNLEVEL") : "-",
		 getenv("PREVLEVEL") ? getenv("PREVLEVEL") : "-", lvl);
	lock(&fd);
	snprintf(path, sizeof(path), DIR_ "/n/%s", id);
	snprintf(inst, sizeof(inst), "%s#%ld", id, bump(path));
	append(inst, start);
	snprintf(path, sizeof(path), DIR_ "/run/%ld", (long)getpid());
	{
		FILE *f = fopen(path, "w");

		if (f) {
			fprintf(f, "%s\n", inst);
			fclose(f);
		}
	}
	unlock(fd);
	snprintf(nbuf, sizeof(nbuf), "%s\n", inst);
	if (write(3, nbuf, strlen(nbuf)) < 0) {
		/* no watcher */
	}

	if (code >= 0)
		finish(code);
	if (gate && access(gate, F_OK) != 0)
		finish(1);
	if (line) {
		getty_record(line);
		event("ready");
	}

	for (;;) {
		if (got[SIGTERM]) {
			got[SIGTERM] = 0;
			event("term");
			if (term == 0)
				finish(0);
		}
		if (got[SIGUSR1]) {
			got[SIGUSR1] = 0;
			event("usr1");
			finish(0);
		}
		if (got[SIGHUP]) {
			got[SIGHUP] = 0;
			event("hup");
		}
		if (got[SIGINT]) {
			got[SIGINT] = 0;
			event("int");
		}
		if (got[SIGQUIT]) {
			got[SIGQUIT] = 0;
			event("quit");
		}
		if (got[SIGUSR2]) {
			got[SIGUSR2] = 0;
			if (line && shell == 0) {
				char shid[40];

				snprintf(shid, sizeof(shid), "%s.sh", id);
				shell = fork();
				if (shell == 0) {
					execl("/proc/self/exe", argv[0], shid, (char *)NULL);
					_exit(127);
				}
				if (shell > 0) {
					login_record(line, shell);
					event("login");
				}
			} else {
				event("usr2");
			}
		}
		if (got[SIGCHLD]) {
			int st;
			pid_t p;

			got[SIGCHLD] = 0;
			while ((p = waitpid(-1, &st, WNOHANG)) > 0) {
				if (p == shell) {
					event("logout");
					finish(0);
				}
			}
		}
		if (until && access(until, F_OK) == 0)
			finish(0);
		{
			struct timespec ts = { 0, 20 * 1000 * 1000 };
			sigset_t none;

			/* With a file to watch, poll; else wait for a signal. */
			if (until) {
				nanosleep(&ts, NULL);
			} else {
				sigset_t all, old;

				sigfillset(&all);
				sigprocmask(SIG_BLOCK, &all, &old);
				for (i = 1; i < 65; i++)
					if (got[i])
						break;
				sigemptyset(&none);
				if (i == 65)
					sigsuspend(&none);
				sigprocmask(SIG_SETMASK, &old, NULL);
			}
		}
	}
}
