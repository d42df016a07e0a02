/*
 * shutdown: bring the system down at a given time, warning the users on
 * a schedule, as sysvinit 3.06's shutdown does (see shutdown.8).  The
 * decisions are pure modules (options, when, warn, allow); this file is
 * the shell: files, signals, the countdown's sleeps, init's FIFO.
 */
#include "allow.h"
#include "client.h"
#include "options.h"
#include "paths.h"
#include "readfile.h"
#include "wall.h"
#include "warn.h"
#include "when.h"
#include "wtmp.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>
#include <utmpx.h>

#define ALLOW_FILE_MAX (64 * 1024)

static struct sd_opts opts;
static char newstate[64];

static void usage(void)
{
	fprintf(stderr,
		"Usage:\t  shutdown [-akrhPHfFnc] [-t sec] time [warning message]\n"
		"\t\t  -a:      use " PATH_SHUTDOWN_ALLOW "\n"
		"\t\t  -k:      don't really shutdown, only warn.\n"
		"\t\t  -r:      reboot after shutdown.\n"
		"\t\t  -h:      halt after shutdown.\n"
		"\t\t  -P:      halt action is to turn off power.\n"
		"\t\t  -H:      halt action is to just halt.\n"
		"\t\t  -f:      do a 'fast' reboot (skip fsck).\n"
		"\t\t  -F:      Force fsck on reboot.\n"
		"\t\t  -n:      do not go through \"init\" but go down real fast.\n"
		"\t\t  -c:      cancel a running shutdown.\n"
		"\t\t  -q:      warn at 10 and 5 minutes and on the hour only.\n"
		"\t\t  -Q:      no scheduled warnings.\n"
		"\t\t  -t secs: delay between warning and kill signal.\n"
		"\t\t  ** the \"time\" argument is mandatory! (try \"now\") **\n");
	exit(1);
}

/* Sleep the whole time, whatever signal comes (SIGINT ends us anyway). */
static void hardsleep(int secs)
{
	struct timespec ts = { .tv_sec = secs, .tv_nsec = 0 };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* SIGINT (shutdown -c) and -k's end: undo what the countdown made.
 * Async-signal-safe: unlink and write only. */
static void cancelled(int sig)
{
	static const char msg[] = "\r\nShutdown cancelled.\r\n";

	(void)sig;
	unlink(PATH_NOLOGIN);
	unlink(PATH_FASTBOOT);
	unlink(PATH_FORCEFSCK);
	unlink(PATH_SHUTDOWN_PID);
	if (write(STDOUT_FILENO, msg, sizeof(msg) - 1) < 0) {
		/* nobody to tell */
	}
	_exit(0);
}

/* telinit's client in a child (it exits on failure); true when it
 * succeeded. */
static bool run_telinit(const char *const args[])
{
	int argc = 0;

	while (args[argc])
		argc++;
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0)
		return false;
	if (pid == 0)
		_exit(telinit_main(argc, (char **)args));
	int status;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return false;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/* INIT_HALT for rc 0's scripts: set to value, or unset when NULL. */
static bool init_setenv_halt(const char *value)
{
	char var[32];

	snprintf(var, sizeof(var), value ? "INIT_HALT=%s" : "INIT_HALT", value);
	return run_telinit((const char *const[]){ "shutdown", "-e", var, NULL });
}

static void warn_users(int mins)
{
	char text[SD_MESSAGE_MAX + 128];

	warn_text(text, sizeof(text), opts.message, newstate, mins);
	wall_broadcast(text);
}

static void write_nologin(int mins)
{
	time_t t = time(NULL) + 60 * (time_t)mins;
	char date[64], text[SD_MESSAGE_MAX + 128];

	if (ctime_r(&t, date) == NULL)
		snprintf(date, sizeof(date), "?\n");
	warn_nologin(text, sizeof(text), date, opts.message);
	int fd = open(PATH_NOLOGIN, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0)
		return;
	if (write(fd, text, strlen(text)) < 0)
		fprintf(stderr, "shutdown: %s: %s\n", PATH_NOLOGIN, strerror(errno));
	close(fd);
}

static void log_notice(const char *what)
{
	openlog("shutdown", LOG_PID, LOG_USER);
	syslog(LOG_NOTICE, "%s", what);
	closelog();
}

/* Run a program with a clean environment and wait for it; errors of
 * programs that may well be missing (accton, quotaoff) are silenced. */
static void spawn_wait(bool quiet, const char *const args[])
{
	static char *const clean_env[] = { "HOME=/", "PATH=/bin:/usr/bin:/sbin:/usr/sbin",
					   "TERM=dumb", "SHELL=/bin/sh", NULL };
	pid_t pid = fork();

	if (pid == 0) {
		if (quiet)
			freopen("/dev/null", "w", stderr);
		execvpe(args[0], (char *const *)args, clean_env);
		_exit(127);
	}
	while (pid > 0 && waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
}

/* -n: go down without init's help (deprecated, as in sysvinit). */
static void fastdown(void)
{
	bool do_halt = opts.level == '0';

	/* Where /run outlives the boot, a new process could take our PID. */
	unlink(PATH_SHUTDOWN_PID);
	unlink(PATH_NOLOGIN);
	if (kill(1, SIGTSTP) < 0) {
		fprintf(stderr, "shutdown: can't idle init: %s.\r\n", strerror(errno));
		exit(1);
	}
	fprintf(stderr, "shutdown: sending all processes the TERM signal...\r\n");
	kill(-1, SIGTERM);
	hardsleep(opts.sleeptime >= 0 ? opts.sleeptime : 3);
	fprintf(stderr, "shutdown: sending all processes the KILL signal.\r\n");
	kill(-1, SIGKILL);
	hardsleep(1);         /* init reaps them before the record */
	wtmp_write_shutdown();
	spawn_wait(true, (const char *const[]){ "accton", "off", NULL });
	spawn_wait(true, (const char *const[]){ "quotaoff", "-a", NULL });
	sync();
	fprintf(stderr, "shutdown: turning off swap\r\n");
	spawn_wait(false, (const char *const[]){ "swapoff", "-a", NULL });
	fprintf(stderr, "shutdown: unmounting all file systems\r\n");
	spawn_wait(false, (const char *const[]){ "umount", "-a", NULL });
	if (do_halt) {
		fprintf(stderr, "The system is halted. Press CTRL-ALT-DEL or turn off power\r\n");
		reboot(RB_HALT_SYSTEM);
	} else {
		fprintf(stderr, "Please stand by while rebooting the system.\r\n");
		reboot(RB_AUTOBOOT);
	}
	fprintf(stderr, "shutdown: reboot(2): %s\r\n", strerror(errno));
	exit(1);
}

/* Time 0: the last warning, then init's level change. */
static void go_down(void)
{
	char tbuf[16];

	warn_users(0);
	if (opts.warn_only) {
		hardsleep(1);
		cancelled(0);
	}
	log_notice(opts.level == '0' ? "shutting down for system halt"
				     : "shutting down for system reboot");
	if (opts.doself)
		fastdown();
	unlink(PATH_SHUTDOWN_PID);
	unlink(PATH_NOLOGIN);
	sync();
	init_setenv_halt(opts.halttype);
	const char *args[6] = { "shutdown" };
	int n = 1;
	if (opts.sleeptime >= 0) {
		snprintf(tbuf, sizeof(tbuf), "%d", opts.sleeptime);
		args[n++] = "-t";
		args[n++] = tbuf;
	}
	args[n++] = (char[]){ opts.level, '\0' };
	args[n] = NULL;
	if (run_telinit(args))
		exit(0);
	fprintf(stderr, "\rshutdown: init did not take the change to runlevel %c\r\n", opts.level);
	unlink(PATH_FASTBOOT);
	unlink(PATH_FORCEFSCK);
	init_setenv_halt(NULL);
	log_notice("shutdown failed");
	exit(1);
}

/* -a: whether root or a listed user is logged in on a virtual console;
 * true when there is no list to check. */
static bool allowed_user_present(void)
{
	size_t len;
	char *text = read_file(PATH_SHUTDOWN_ALLOW, O_NOFOLLOW, ALLOW_FILE_MAX, &len);

	if (text == NULL)
		return errno == ENOENT;
	struct allow_list list;
	allow_parse(text, len, &list);
	free(text);
	bool ok = false;
	struct utmpx *u;
	setutxent();
	while (!ok && (u = getutxent()) != NULL) {
		char term[sizeof(u->ut_line) + 8], user[sizeof(u->ut_user) + 1];
		struct stat st;
		if (u->ut_type != USER_PROCESS)
			continue;
		snprintf(term, sizeof(term), "/dev/%.*s", (int)sizeof(u->ut_line), u->ut_line);
		if (stat(term, &st) != 0 || !allow_is_console(major(st.st_rdev), minor(st.st_rdev)))
			continue;
		memcpy(user, u->ut_user, sizeof(u->ut_user));
		user[sizeof(u->ut_user)] = '\0';
		ok = allow_user_ok(&list, user);
	}
	endutxent();
	return ok;
}

static void refuse_unauthorized(void)
{
	FILE *f = fopen(PATH_CONSOLE, "we");

	if (f != NULL) {
		fprintf(f, "\rshutdown: no authorized users logged in.\r\n");
		fclose(f);
	}
	exit(1);
}

static pid_t read_pidfile(void)
{
	size_t len;
	char *text = read_file(PATH_SHUTDOWN_PID, O_NOFOLLOW, 64, &len);
	long pid = 0;

	if (text != NULL) {
		pid = strtol(text, NULL, 10);
		free(text);
	}
	return pid > 0 && pid < 1L << 30 ? (pid_t)pid : 0;
}

static void write_pidfile(void)
{
	char buf[32];

	unlink(PATH_SHUTDOWN_PID);
	umask(022);
	int fd = open(PATH_SHUTDOWN_PID, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0) {
		if (errno != EROFS)
			fprintf(stderr, "shutdown: warning: cannot open %s\n", PATH_SHUTDOWN_PID);
		return;
	}
	snprintf(buf, sizeof(buf), "%d\n", (int)getpid());
	if (write(fd, buf, strlen(buf)) < 0)
		fprintf(stderr, "shutdown: warning: cannot write %s\n", PATH_SHUTDOWN_PID);
	close(fd);
}

/* Whether pid is a live shutdown: a pid file that outlived its process
 * may name another one by now (init itself, whose SIGINT is
 * Ctrl-Alt-Del).  Without /proc, any live process counts, as in
 * sysvinit. */
static bool is_shutdown(pid_t pid)
{
	char path[64], comm[32] = "";

	snprintf(path, sizeof(path), "/proc/%d/comm", (int)pid);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return access("/proc/self/comm", F_OK) != 0 && kill(pid, 0) == 0;
	ssize_t n = read(fd, comm, sizeof(comm) - 1);
	close(fd);
	if (n <= 0)
		return false;
	comm[n] = '\0';
	return strcmp(comm, "shutdown\n") == 0;
}

static void cancel_running(pid_t pid)
{
	if (pid <= 0) {
		fprintf(stderr, "shutdown: cannot find pid of running shutdown.\n");
		exit(1);
	}
	init_setenv_halt(NULL);
	if (!is_shutdown(pid) || kill(pid, SIGINT) < 0) {
		fprintf(stderr, "shutdown: not running.\n");
		exit(1);
	}
	if (opts.message[0])
		wall_broadcast(opts.message);
	exit(0);
}

static void catch_signals(void)
{
	struct sigaction sa;

	signal(SIGQUIT, SIG_IGN);
	signal(SIGCHLD, SIG_DFL);
	signal(SIGHUP, SIG_IGN);
	signal(SIGTSTP, SIG_IGN);
	signal(SIGTTIN, SIG_IGN);
	signal(SIGTTOU, SIG_IGN);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = cancelled;
	sigaction(SIGINT, &sa, NULL);
}

static void touch(const char *path)
{
	int fd = open(path, O_CREAT | O_RDWR | O_CLOEXEC | O_NOFOLLOW, 0644);

	if (fd >= 0)
		close(fd);
}

/* The warnings every so often until the time comes. */
static void countdown(time_t target)
{
	bool did_nologin = false;
	int wt = warn_next(target, time(NULL)).wt;

	if (wt > 0 && warn_at_start(wt, opts.quiet))
		warn_users(wt);
	for (;;) {
		struct warn_step s = warn_next(target, time(NULL));
		if (s.wt == 0)
			break;
		if (s.wt <= WARN_NOLOGIN_MINUTES && !did_nologin) {
			write_nologin(s.wt);
			did_nologin = true;
		}
		if (warn_scheduled(s.wt, opts.quiet))
			warn_users(s.wt);
		hardsleep(s.sleep_s);
		while (waitpid(-1, NULL, WNOHANG) > 0)
			;   /* the walls' writers */
	}
}

/* The moment `when` names, or the usage text. */
static time_t target_of(const char *when)
{
	time_t now = time(NULL);
	struct tm tm;
	int wt;

	if (localtime_r(&now, &tm) == NULL || when_parse(when, tm.tm_hour, tm.tm_min, &wt) != 0)
		usage();
	return when_target(when, wt, now, tm.tm_sec);
}

int main(int argc, char *argv[])
{
	char err[256];

	/* Installed setuid root for a group, it acts as root. */
	if (setuid(geteuid()) != 0 || getuid() != 0) {
		fprintf(stderr, "shutdown: you must be root to do that!\n");
		usage();
	}
	if (sd_parse(argc, argv, &opts, err, sizeof(err)) != 0) {
		if (err[0])
			fprintf(stderr, "shutdown: %s\n", err);
		usage();
	}
	if (opts.use_allow && !allowed_user_present())
		refuse_unauthorized();
	pid_t running = read_pidfile();
	if (opts.cancel)
		cancel_running(running);
	if (running > 0 && is_shutdown(running)) {
		fprintf(stderr, "\rshutdown: already running.\r\n");
		exit(1);
	}
	time_t target = target_of(opts.when);
	sd_newstate(opts.level, newstate, sizeof(newstate));
	if (chdir("/") != 0) {
		fprintf(stderr, "shutdown: chdir(/): %s\n", strerror(errno));
		exit(1);
	}
	write_pidfile();
	catch_signals();
	if (opts.fastboot)
		touch(PATH_FASTBOOT);
	if (opts.forcefsck)
		touch(PATH_FORCEFSCK);
	countdown(target);
	go_down();
	return 0;
}
