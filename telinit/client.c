/*
 * client: telinit's work, shared by telinit and by init run as a user
 * (see client.h): the command line read, one request sent to init
 * through PATH_INITCTL and, for `status`, -W and U (when PID 1 says it
 * answers U), init's answer awaited in PATH_INITSTATUS.
 */
#include "client.h"

#include "clock.h"
#include "cmdline.h"
#include "initreq.h"
#include "readfile.h"
#include "statusfile.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <bsd/string.h>
#include <dirent.h>

#define OPEN_DEADLINE_MS   3000   /* as sysvinit's alarm(3) */
#define STATUS_MAX_BYTES   (4 << 20)
#define RECHECK_MS         250    /* re-read even without inotify news */

static const char *progname = "telinit";   /* as invoked: telinit or init */

static void die(int code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3), noreturn));

static void die(int code, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(code);
}

static void sleep_ms(int64_t ms)
{
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000 };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: %s [-t SECONDS] {0-9|S|s|Q|q|U|u|A|a|B|b|C|c}\n"
		"       %s -W [-T SECONDS] [-t SECONDS] LEVEL\n"
		"       %s -e VAR[=VALUE] [-e VAR[=VALUE]]...\n"
		"       %s [-T SECONDS] status\n"
		"       %s [-T SECONDS] U\n"
		"       %s {powerfail|powerfailnow|powerok}\n"
		"Ask init to change runlevel (0-9, S), re-read inittab (Q), re-execute\n"
		"itself (U) or start ondemand entries (A, B, C).\n"
		"  -t SECONDS  grace between SIGTERM and SIGKILL (default %d)\n"
		"  -e VAR=VAL  set (or with no =, unset) an INIT_ variable for init's children\n"
		"  -W          wait until the change has completed\n"
		"  -T SECONDS  how long to wait for init (default %d with -W, %d for status,\n"
		"              %d for U)\n"
		"  status      show the runlevels and every inittab entry's state\n"
		"  -h, --help  this text; --version: the version\n",
		progname, progname, progname, progname, progname, progname,
		TELINIT_SLEEPTIME_DEFAULT, TELINIT_WAIT_TIMEOUT_S, TELINIT_STATUS_TIMEOUT_S,
		TELINIT_REEXEC_TIMEOUT_S);
}

/* Unique, not secret: getrandom may block early at boot, so fall back to
 * the clock and PID rather than wait for entropy. */
static void make_nonce(char *out, size_t size)
{
	uint64_t v;

	if (getrandom(&v, sizeof(v), GRND_NONBLOCK) != (ssize_t)sizeof(v)) {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		v = ((uint64_t)ts.tv_sec << 32) ^ (uint64_t)ts.tv_nsec ^
		    ((uint64_t)getpid() << 48) ^ (uint64_t)clock_ms();
	}
	snprintf(out, size, "%016llx", (unsigned long long)v);
}

/* ---- sending ----------------------------------------------------------- */

static int open_fifo(void)
{
	int64_t deadline = clock_ms() + OPEN_DEADLINE_MS;
	int64_t pause = 10;

	for (;;) {
		int fd = open(PATH_INITCTL, O_WRONLY | O_NONBLOCK | O_CLOEXEC | O_NOFOLLOW);
		if (fd >= 0) {
			struct stat st;
			if (fstat(fd, &st) != 0 || !S_ISFIFO(st.st_mode)) {
				close(fd);
				die(1, "%s is not a FIFO: refusing to write to it", PATH_INITCTL);
			}
			return fd;
		}
		if (errno == EISDIR)
			die(1, "%s is not a FIFO: refusing to write to it", PATH_INITCTL);
		if (errno == ELOOP)
			die(1, "%s is a symbolic link, not a FIFO: refusing to follow it", PATH_INITCTL);
		/* No reader yet (ENXIO), or init is re-creating the FIFO. */
		if (errno != ENXIO && errno != ENOENT && errno != EINTR)
			die(1, "%s: %s", PATH_INITCTL, strerror(errno));
		int64_t left = deadline - clock_ms();
		if (left <= 0)
			die(1, "init is not listening on %s", PATH_INITCTL);
		sleep_ms(pause < left ? pause : left);
		if (pause < 200)
			pause *= 2;
	}
}

static void send_request(const struct init_request *r)
{
	int64_t deadline = clock_ms() + OPEN_DEADLINE_MS;
	int fd = open_fifo();

	/* 384 bytes is below PIPE_BUF: the write is whole or not at all. */
	for (;;) {
		ssize_t n = write(fd, r, sizeof(*r));
		if (n == (ssize_t)sizeof(*r))
			break;
		if (n >= 0)
			die(1, "%s: short write (%zd of %zu bytes)", PATH_INITCTL, n, sizeof(*r));
		if (errno == EINTR)
			continue;
		if (errno == EPIPE)
			die(1, "init closed %s before the request was written", PATH_INITCTL);
		if (errno != EAGAIN)
			die(1, "%s: %s", PATH_INITCTL, strerror(errno));
		int64_t left = deadline - clock_ms();
		if (left <= 0)
			die(1, "init is not reading %s (timeout writing the request)", PATH_INITCTL);
		struct pollfd p = { .fd = fd, .events = POLLOUT };
		poll(&p, 1, (int)left);
	}
	close(fd);
}

/* ---- waiting for the answer -------------------------------------------- */

/* Whether the program running as PID 1 now answers U: it holds the memfd
 * STATUS_ANSWERS_U_MARK, which no exec keeps.  sysvinit, or an initsuite
 * from before the answer, does not: U is sent as ever, and not waited
 * for. */
static bool pid1_answers_u(void)
{
	static const char mark[] = "/memfd:" STATUS_ANSWERS_U_MARK " ";
	DIR *d = opendir("/proc/1/fd");
	struct dirent *e;
	bool found = false;

	if (!d)
		return false;
	while (!found && (e = readdir(d))) {
		char target[128];
		ssize_t n = readlinkat(dirfd(d), e->d_name, target, sizeof(target) - 1);
		if (n <= 0)
			continue;
		target[n] = '\0';
		found = strncmp(target, mark, sizeof(mark) - 1) == 0;
	}
	closedir(d);
	return found;
}

/* Set up before sending, so the answer's rename cannot slip by unseen.
 * Returns -1 when inotify is unavailable: polling alone still works. */
static int watch_status_dir(void)
{
	char dir[PATH_MAX];
	int fd = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);

	if (fd < 0)
		return -1;
	strlcpy(dir, PATH_INITSTATUS, sizeof(dir));
	if (inotify_add_watch(fd, dirname(dir), IN_MOVED_TO | IN_CLOSE_WRITE | IN_CREATE) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static void drain(int fd)
{
	char buf[4096];

	while (read(fd, buf, sizeof(buf)) > 0)
		;
}

/* Wait for nonce among the answered ones; print the listing if asked.
 * Returns 0, or -1 when the deadline passes first. */
static int await_answer(int watch, const char *nonce, int timeout_s, bool print)
{
	int64_t deadline = clock_ms() + (int64_t)timeout_s * 1000;

	for (;;) {
		size_t len = 0;
		char *text = read_file(PATH_INITSTATUS, O_NOFOLLOW, STATUS_MAX_BYTES, &len);
		const char *listing = text ? status_file_answer(text, len, nonce) : NULL;
		if (listing) {
			if (print)
				fwrite(listing, 1, len - (size_t)(listing - text), stdout);
			free(text);
			return 0;
		}
		free(text);

		int64_t left = deadline - clock_ms();
		if (left <= 0)
			return -1;
		int wait = (int)(left < RECHECK_MS ? left : RECHECK_MS);
		if (watch >= 0) {
			struct pollfd p = { .fd = watch, .events = POLLIN };
			if (poll(&p, 1, wait) > 0)
				drain(watch);
		} else {
			sleep_ms(wait);
		}
	}
}

/* U answered: 0 when init re-executed, else TELINIT_NOT_REEXECUTED and
 * init's reason. */
static int reexec_verdict(const char *nonce)
{
	size_t len = 0, whylen = 0;
	char *text = read_file(PATH_INITSTATUS, O_NOFOLLOW, STATUS_MAX_BYTES, &len);
	const char *why = text ? status_file_refusal(text, len, nonce, &whylen) : NULL;

	if (why)
		fprintf(stderr, "%s: %.*s\n", progname, (int)whylen, why);
	free(text);
	return why ? TELINIT_NOT_REEXECUTED : 0;
}

/* argv read, and --help and --version answered.  Returns the exit status
 * when that is all there was to do, else -1. */
static int read_command(int argc, char *argv[], struct telinit_cmd *cmd)
{
	char err[256];

	if (argc > 0 && argv[0] && *argv[0])
		progname = basename(argv[0]);
	if (telinit_parse(argc, argv, cmd, err, sizeof(err)) != 0) {
		fprintf(stderr, "%s: %s\n", progname, err);
		fprintf(stderr, "Try '%s --help'.\n", progname);
		return 2;
	}
	switch (cmd->action) {
	case TELINIT_HELP:
		usage(stdout);
		return 0;
	case TELINIT_VERSION:
		printf("telinit (%s) %s\n", PACKAGE_NAME, PACKAGE_VERSION);
		return 0;
	default:
		return -1;
	}
}

/* The request cmd asks for; nonce names the answer to wait for. */
static void encode_request(struct init_request *req, const struct telinit_cmd *cmd,
			   const char *nonce)
{
	int rc = -1;

	switch (cmd->action) {
	case TELINIT_RUNLEVEL:
		rc = initreq_encode_runlevel(req, cmd->level, cmd->sleeptime,
					     *nonce ? nonce : NULL);
		break;
	case TELINIT_SETENV:
		rc = initreq_encode_setenv(req, cmd->vars, cmd->nvars);
		break;
	case TELINIT_STATUS:
		rc = initreq_encode_status(req, nonce);
		break;
	case TELINIT_POWER:
		rc = initreq_encode_power(req, cmd->power);
		break;
	case TELINIT_HELP:
	case TELINIT_VERSION:
		break;
	}
	if (rc != 0)
		die(2, "cannot encode this request");   /* the parser let it by */
}

static void die_unanswered(const struct telinit_cmd *cmd, const char *nonce)
	__attribute__((noreturn));

static void die_unanswered(const struct telinit_cmd *cmd, const char *nonce)
{
	if (cmd->action == TELINIT_RUNLEVEL && !cmd->wait)
		die(1, "init did not answer within %d s (no nonce %s in %s): "
		    "whether it re-executed is not known", cmd->timeout_s, nonce, PATH_INITSTATUS);
	if (cmd->action == TELINIT_STATUS)
		die(1, "init did not answer within %d s (no nonce %s in %s; "
		    "an init without this extension, such as sysvinit's, never does)",
		    cmd->timeout_s, nonce, PATH_INITSTATUS);
	die(1, "the change to runlevel %c did not complete within %d s",
	    cmd->level, cmd->timeout_s);
}

int telinit_main(int argc, char *argv[])
{
	struct telinit_cmd cmd;
	struct init_request req;
	char nonce[INITREQ_NONCE_MAX + 1] = "";

	int done = read_command(argc, argv, &cmd);
	if (done >= 0)
		return done;
	if (geteuid() != 0)
		die(1, "only root may do this");
	signal(SIGPIPE, SIG_IGN);

	bool reexec = cmd.action == TELINIT_RUNLEVEL && (cmd.level == 'U' || cmd.level == 'u');
	bool answered = cmd.action == TELINIT_STATUS || cmd.wait || (reexec && pid1_answers_u());
	if (answered)
		make_nonce(nonce, sizeof(nonce));
	encode_request(&req, &cmd, nonce);

	int watch = answered ? watch_status_dir() : -1;
	send_request(&req);
	if (!answered)
		return 0;
	if (await_answer(watch, nonce, cmd.timeout_s, cmd.action == TELINIT_STATUS) != 0)
		die_unanswered(&cmd, nonce);
	if (watch >= 0)
		close(watch);
	if (reexec)
		return reexec_verdict(nonce);
	return fflush(stdout) == 0 ? 0 : 1;
}
