/*
 * benchtool: the small programs the benchmark (tests/bench/bench.sh)
 * puts into each init's sandbox or runs beside it.  They are the same
 * binary for every init under test, so whatever they cost is the same for
 * all, and the times they take are CLOCK_MONOTONIC, which the host and
 * every PID namespace share.
 *
 *   stamp FILE               append "NANOSECONDS\n" to FILE and exit
 *   stampexec FILE PROG ARG  stamp, then exec PROG (times a request from
 *                            the moment its sender starts)
 *   sleeper FILE [TAG]       stamp, then sleep until killed (a respawn
 *                            entry whose start time is on record); TAG
 *                            is ignored: it makes each command line
 *                            unique, as busybox init merges entries
 *                            whose commands are the same
 *   zombies N READY GATE     fork N children that exit at once, leave them
 *                            unreaped, create READY, block opening the
 *                            FIFO GATE, then exit: N zombies are handed to
 *                            init in one go
 *   reaped PID GATE SECS     (host side) stamp, open GATE for writing so
 *                            the zombie maker exits, then poll until PID
 *                            has no children left; print the nanoseconds
 *   lines FILE N SECS        wait until FILE holds N stamps; print the
 *                            latest one
 *   initreq FIFO LEVEL N SECS
 *                            send N runlevel requests (the 384-byte
 *                            initctl format, as telinit does) one at a
 *                            time: each is written once init has read
 *                            the one before
 *   hup PID N SECS           send SIGHUP N times, each once the one
 *                            before has been taken (busybox init's
 *                            reload, which has no FIFO)
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <bsd/stdlib.h>

#define INITREQ_SIZE 384
#define INITREQ_MAGIC 0x03091969
#define INITREQ_RUNLVL 1

static const char *prog = "benchtool";

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void nap_us(long us)
{
	struct timespec ts = { us / 1000000, (us % 1000000) * 1000 };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static _Noreturn void die(const char *what)
{
	fprintf(stderr, "%s: %s: %s\n", prog, what, strerror(errno));
	exit(1);
}

static long long number(const char *arg, const char *name, long long max)
{
	const char *errstr = NULL;
	long long n = strtonum(arg, 0, max, &errstr);

	if (errstr != NULL) {
		fprintf(stderr, "%s: %s '%s' is %s\n", prog, name, arg, errstr);
		exit(2);
	}
	return n;
}

/* One write of one short line to an O_APPEND file is atomic, so a
 * thousand sleepers can share the file. */
static void stamp(const char *path)
{
	char line[32];
	int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	int len;

	if (fd < 0)
		die(path);
	len = snprintf(line, sizeof line, "%" PRId64 "\n", now_ns());
	if (write(fd, line, (size_t)len) != len)
		die(path);
	close(fd);
}

/* How many stamps TEXT holds and the latest of them; pure. */
static size_t scan_stamps(const char *text, size_t len, int64_t *latest)
{
	size_t lines = 0;
	int64_t value = 0;

	*latest = 0;
	for (size_t i = 0; i < len; i++) {
		if (text[i] >= '0' && text[i] <= '9') {
			value = value * 10 + (text[i] - '0');
		} else if (text[i] == '\n') {
			lines++;
			if (value > *latest)
				*latest = value;
			value = 0;
		}
	}
	return lines;
}

static size_t read_stamps(const char *path, int64_t *latest)
{
	static char *buf;
	static size_t cap;
	size_t len = 0;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	*latest = 0;
	if (fd < 0)
		return 0;
	for (;;) {
		if (len == cap) {
			cap = cap ? cap * 2 : 65536;
			buf = realloc(buf, cap);
			if (buf == NULL)
				die("realloc");
		}
		n = read(fd, buf + len, cap - len);
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	return scan_stamps(buf, len, latest);
}

static int cmd_lines(const char *path, size_t want, long long secs)
{
	int64_t deadline = now_ns() + secs * 1000000000LL;
	int64_t latest;
	size_t have;

	while ((have = read_stamps(path, &latest)) < want) {
		if (now_ns() > deadline) {
			fprintf(stderr, "%s: %s holds %zu of %zu stamps after %llds\n",
				prog, path, have, want, secs);
			return 1;
		}
		nap_us(1000);
	}
	printf("%" PRId64 "\n", latest);
	return 0;
}

static _Noreturn void cmd_sleeper(const char *path)
{
	stamp(path);
	for (;;)
		pause();
}

static _Noreturn void cmd_zombies(long long count, const char *ready, const char *gate)
{
	pid_t *pids = reallocarray(NULL, (size_t)count, sizeof *pids);
	siginfo_t info;
	int fd;

	if (pids == NULL)
		die("reallocarray");
	for (long long i = 0; i < count; i++) {
		/* vfork: nothing to copy, so making the zombies is cheap
		 * next to reaping them, which is what is measured. */
		pids[i] = vfork();
		if (pids[i] < 0)
			die("vfork");
		if (pids[i] == 0)
			_exit(0);
	}
	/* WNOWAIT: wait until each has died, but leave it a zombie. */
	for (long long i = 0; i < count; i++) {
		memset(&info, 0, sizeof info);
		while (waitid(P_PID, (id_t)pids[i], &info, WEXITED | WNOWAIT) < 0)
			if (errno != EINTR)
				die("waitid");
	}
	fd = open(ready, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		die(ready);
	close(fd);
	fd = open(gate, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		die(gate);
	_exit(0);
}

static bool has_children(const char *children_path)
{
	char c;
	int fd = open(children_path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return false;   /* init is gone: nothing left to reap */
	n = read(fd, &c, 1);
	close(fd);
	return n > 0;
}

static int cmd_reaped(long long pid, const char *gate, long long secs)
{
	char children[64];
	int64_t start, deadline;
	int fd;

	snprintf(children, sizeof children, "/proc/%lld/task/%lld/children", pid, pid);
	start = now_ns();
	deadline = start + secs * 1000000000LL;
	fd = open(gate, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		die(gate);
	close(fd);
	while (has_children(children)) {
		if (now_ns() > deadline) {
			fprintf(stderr, "%s: PID %lld still has children after %llds\n",
				prog, pid, secs);
			return 1;
		}
		nap_us(200);
	}
	printf("%" PRId64 "\n", now_ns() - start);
	return 0;
}

static int cmd_initreq(const char *fifo, const char *level, long long count, long long secs)
{
	unsigned char req[INITREQ_SIZE];
	int32_t field;
	int64_t deadline = now_ns() + secs * 1000000000LL;
	int fd, unread;

	if (strlen(level) != 1) {
		fprintf(stderr, "%s: LEVEL '%s' is not one character\n", prog, level);
		return 2;
	}
	memset(req, 0, sizeof req);
	field = INITREQ_MAGIC;
	memcpy(req, &field, 4);
	field = INITREQ_RUNLVL;
	memcpy(req + 4, &field, 4);
	field = (unsigned char)level[0];
	memcpy(req + 8, &field, 4);
	field = 3;
	memcpy(req + 12, &field, 4);

	fd = open(fifo, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		die(fifo);
	for (long long i = 0; i < count; i++) {
		if (write(fd, req, sizeof req) != (ssize_t)sizeof req)
			die(fifo);
		/* FIONREAD on either end of a FIFO counts what is unread. */
		do {
			if (ioctl(fd, FIONREAD, &unread) < 0)
				die("FIONREAD");
			if (unread == 0)
				break;
			if (now_ns() > deadline) {
				fprintf(stderr, "%s: init stopped reading %s after %lld requests\n",
					prog, fifo, i);
				return 1;
			}
			nap_us(50);
		} while (unread > 0);
	}
	close(fd);
	return 0;
}

/* True while SIGHUP is pending for PID (thread or process wide). */
static bool hup_pending(long long pid)
{
	char path[64], line[256];
	unsigned long long mask;
	bool pending = false;
	FILE *f;

	snprintf(path, sizeof path, "/proc/%lld/status", pid);
	f = fopen(path, "re");
	if (f == NULL)
		die(path);
	while (fgets(line, sizeof line, f) != NULL) {
		if ((strncmp(line, "SigPnd:", 7) == 0 || strncmp(line, "ShdPnd:", 7) == 0) &&
		    sscanf(line + 7, "%llx", &mask) == 1 && (mask & (1ULL << (SIGHUP - 1))))
			pending = true;
	}
	fclose(f);
	return pending;
}

/* busybox init catches no signal: it blocks SIGHUP, or waits for it in
 * sigtimedwait(), so a SIGHUP is pending until it is taken. */
static int cmd_hup(long long pid, long long count, long long secs)
{
	int64_t deadline = now_ns() + secs * 1000000000LL;

	for (long long i = 0; i < count; i++) {
		if (kill((pid_t)pid, SIGHUP) < 0)
			die("kill");
		while (hup_pending(pid)) {
			if (now_ns() > deadline) {
				fprintf(stderr, "%s: PID %lld took %lld of %lld SIGHUPs in %llds\n",
					prog, pid, i, count, secs);
				return 1;
			}
			nap_us(50);
		}
	}
	return 0;
}

static int usage(void)
{
	fprintf(stderr,
		"usage: %s stamp FILE | stampexec FILE PROG [ARG]... | sleeper FILE [TAG]\n"
		"       %s zombies N READY GATE | reaped PID GATE SECS | lines FILE N SECS\n"
		"       %s initreq FIFO LEVEL N SECS | hup PID N SECS\n",
		prog, prog, prog);
	return 2;
}

int main(int argc, char **argv)
{
	const char *cmd;

	if (argc < 3)
		return usage();
	cmd = argv[1];
	if (strcmp(cmd, "stamp") == 0 && argc == 3) {
		stamp(argv[2]);
		return 0;
	}
	if (strcmp(cmd, "stampexec") == 0 && argc >= 4) {
		stamp(argv[2]);
		execv(argv[3], argv + 3);
		die(argv[3]);
	}
	if (strcmp(cmd, "sleeper") == 0 && (argc == 3 || argc == 4))
		cmd_sleeper(argv[2]);
	if (strcmp(cmd, "zombies") == 0 && argc == 5)
		cmd_zombies(number(argv[2], "N", 1000000), argv[3], argv[4]);
	if (strcmp(cmd, "reaped") == 0 && argc == 5)
		return cmd_reaped(number(argv[2], "PID", INT32_MAX), argv[3],
				  number(argv[4], "SECS", 86400));
	if (strcmp(cmd, "lines") == 0 && argc == 5)
		return cmd_lines(argv[2], (size_t)number(argv[3], "N", 100000000),
				 number(argv[4], "SECS", 86400));
	if (strcmp(cmd, "initreq") == 0 && argc == 6)
		return cmd_initreq(argv[2], argv[3], number(argv[4], "N", 100000000),
				   number(argv[5], "SECS", 86400));
	if (strcmp(cmd, "hup") == 0 && argc == 5)
		return cmd_hup(number(argv[2], "PID", INT32_MAX), number(argv[3], "N", 100000000),
			       number(argv[4], "SECS", 86400));
	return usage();
}
