/*
 * ptyfault: be a hostile or broken terminal line for getty.  It makes a
 * fresh pseudo-terminal, starts COMMAND on it (or, with -p, leaves that to
 * someone else, say init), reads everything written to the line all the
 * time so neither side can block the other, and does one of:
 *
 *   hangup       closes the master: the line is gone for good.
 *   vhangup      hangs the line up from outside (TIOCVHANGUP, as when a
 *                modem drops carrier): the line stays and can be reopened.
 *   breaks N NAME  sends N BREAKs (NUL bytes, as a pty delivers them) as
 *                fast as the line takes them, in waves of 500 that getty
 *                must each answer with a prompt, waits until getty has
 *                dealt with the last one, then logs in as NAME.
 *   flood BYTES NAME  sends BYTES bytes of 'x' without a newline, then
 *                "\r", waits for getty's answer, then logs in as NAME
 *                unless the flood itself was taken as a name.
 *
 *   ptyfault [-t SECS] [-o TRANSCRIPT] [-a NAME2] SCENARIO ARG... -- COMMAND...
 *   ptyfault [-t SECS] [-o TRANSCRIPT] [-a NAME2] -p NAMEFILE SCENARIO ARG...
 *
 * @PTY@ in COMMAND stands for the slave's path; -p writes that path into
 * NAMEFILE instead of starting a command.  Every scenario first waits for
 * "login: "; a login is done when "FAKE-LOGIN-DONE" shows.  -a: after the
 * scenario, wait for a fresh "login: " (a respawned getty) and log in as
 * NAME2.  Every wait has a deadline of SECS (default 30).
 *
 * With -p, init runs the line, and its next getty hangs the line up the
 * moment a login ends: a hang-up on a pty throws away what the session
 * wrote that this end has not read yet, "FAKE-LOGIN-DONE" too.  So there
 * the login is to wait for a line of input before it ends, and ptyfault
 * types one ("\r") once it has read "FAKE-LOGIN-DONE".
 *
 * Findings go to stdout as KEY=VALUE lines for the test to judge:
 *   prompt_pid, after_pid  the line's foreground process at the first and
 *                          at the -a prompt (getty's pid)
 *   ended, ended_ms, cpu_ms  how and how long after the hangup COMMAND
 *                          ended (exit:N or signal:N), its CPU time
 *   hwm_start_kb, hwm_flood_kb  COMMAND's peak memory at the first prompt
 *                          and after the flood, before its "\r"
 *   flood_answer           login (the flood went to login) or prompt
 *   waves                  BREAK waves getty answered
 *   login_attempts         names sent after the storm until one logged in
 *   output_bytes           all bytes read from the line
 * Exit status 0 when the scenario ran to its end and COMMAND did not die
 * of a signal other than SIGHUP (after a hangup) or SIGTERM (sent at the
 * end); 1 with a one-line reason on stderr otherwise; 2 for bad usage.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

static int master = -1;
static char slave_path[64];
static pid_t child = -1;
static int child_status = -1;
static struct rusage child_usage;
static long timeout_ms = 30000;
static FILE *transcript;
static char tail[8192];             /* the newest output */
static size_t tail_len;
static size_t mark;                 /* matches look after this in tail */
static unsigned long long out_total;
static bool login_waits;            /* -p: logins wait for our answer */

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void die(const char *fmt, ...)
{
	va_list ap;

	fputs("ptyfault: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (child > 0 && child_status < 0)
		kill(child, SIGKILL);
	exit(1);
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void nap_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static void reap(void)
{
	int st;

	if (child > 0 && child_status < 0 && wait4(child, &st, WNOHANG, &child_usage) == child)
		child_status = st;
}

static bool child_gone(void)
{
	reap();
	return child > 0 && child_status >= 0;
}

static const char *how_ended(void)
{
	static char how[32];

	if (WIFSIGNALED(child_status))
		snprintf(how, sizeof how, "signal:%d", WTERMSIG(child_status));
	else
		snprintf(how, sizeof how, "exit:%d", WEXITSTATUS(child_status));
	return how;
}

/* Read what is on the line; true when something arrived. */
static bool drain(void)
{
	char buf[4096];
	_Static_assert(sizeof buf <= sizeof tail, "a read fits in tail");
	bool got = false;

	if (master < 0)
		return false;
	for (;;) {
		ssize_t n = read(master, buf, sizeof buf);

		if (n <= 0)
			return got;
		got = true;
		out_total += (unsigned long long)n;
		if (transcript != NULL)
			fwrite(buf, 1, (size_t)n, transcript);
		if (tail_len + (size_t)n > sizeof tail) {
			size_t drop = tail_len + (size_t)n - sizeof tail;

			memmove(tail, tail + drop, tail_len - drop);
			tail_len -= drop;
			mark = mark > drop ? mark - drop : 0;
		}
		memcpy(tail + tail_len, buf, (size_t)n);
		tail_len += (size_t)n;
	}
}

/* Wait up to ms for output (or room for input, with want_out). */
static void pump(int ms, bool want_out)
{
	struct pollfd p = { .fd = master, .events = POLLIN | (want_out ? POLLOUT : 0) };

	if (poll(&p, 1, ms) > 0 && !drain() && (p.revents & (POLLHUP | POLLERR)))
		nap_ms(10);	/* no slave open right now: nothing to read */
	reap();
}

/* Whether text came after the mark; if so the mark moves past it. */
static bool seen(const char *text)
{
	const char *hit = memmem(tail + mark, tail_len - mark, text, strlen(text));

	if (hit == NULL)
		return false;
	mark = (size_t)(hit - tail) + strlen(text);
	return true;
}

static void forget_output(void) { mark = tail_len; }

static void expect(const char *text)
{
	long long deadline = now_ms() + timeout_ms;

	while (!seen(text)) {
		if (child_gone())
			die("the command ended (%s) while waiting for \"%s\"", how_ended(), text);
		if (now_ms() > deadline)
			die("timed out after %ld ms waiting for \"%s\"", timeout_ms, text);
		pump(100, false);
	}
}

/* Write len bytes, reading the line whenever it takes no more. */
static void send_bytes(const char *data, size_t len)
{
	long long deadline = now_ms() + timeout_ms;

	while (len > 0) {
		ssize_t n = write(master, data, len);

		if (n > 0) {
			data += n;
			len -= (size_t)n;
			deadline = now_ms() + timeout_ms;
			continue;
		}
		if (n < 0 && errno != EAGAIN && errno != EINTR)
			die("write to the line: %s", strerror(errno));
		if (child_gone())
			die("the command ended (%s) while input was being sent", how_ended());
		if (now_ms() > deadline)
			die("the line took no input for %ld ms", timeout_ms);
		pump(50, true);
	}
}

/* The line's foreground process group: getty's pid (it leads its own). */
static long line_owner(void)
{
	pid_t pgrp;

	return ioctl(master, TIOCGPGRP, &pgrp) == 0 ? (long)pgrp : -1;
}

/* Peak memory of the command so far, in kB; -1 when unknown. */
static long peak_kb(void)
{
	char path[64], line[256];
	long kb = -1;
	FILE *f;

	if (child <= 0)
		return -1;
	snprintf(path, sizeof path, "/proc/%ld/status", (long)child);
	f = fopen(path, "re");
	if (f == NULL)
		return -1;
	while (fgets(line, sizeof line, f) != NULL)
		if (sscanf(line, "VmHWM: %ld kB", &kb) == 1)
			break;
	fclose(f);
	return kb;
}

/* Bytes waiting in the line's input queue for getty to read. */
static int pending_input(void)
{
	int fd = open(slave_path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	int n = -1;

	if (fd < 0)
		return -1;
	if (ioctl(fd, FIONREAD, &n) < 0)
		n = -1;
	close(fd);
	return n;
}

static bool output_ends_with(const char *text)
{
	size_t l = strlen(text);

	return tail_len >= l && memcmp(tail + tail_len - l, text, l) == 0;
}

/* getty is done with the input it was given: it read all of it, its
 * last answer ends in a prompt, and nothing more came for a while.  A
 * BREAK makes getty flush the line's input, so a name typed before this
 * could be thrown away. */
static void settle(void)
{
	long long deadline = now_ms() + timeout_ms;
	long long quiet_since = now_ms();

	for (;;) {
		struct pollfd p = { .fd = master, .events = POLLIN };

		if (poll(&p, 1, 50) > 0 && drain())
			quiet_since = now_ms();
		if (child_gone())
			die("the command ended (%s) during the storm", how_ended());
		if (now_ms() - quiet_since >= 500 && output_ends_with("login: ") &&
		    pending_input() == 0)
			return;
		if (now_ms() > deadline)
			die("the line did not settle within %ld ms", timeout_ms);
	}
}

/* "FAKE-LOGIN-DONE" was read: let a login that waits for that end. */
static void login_seen(void)
{
	if (login_waits)
		send_bytes("\r", 1);
}

static void login_as(const char *name)
{
	char line[256];

	snprintf(line, sizeof line, "%s\r", name);
	send_bytes(line, strlen(line));
	expect("FAKE-LOGIN-DONE");
	login_seen();
}

/* Log in after a storm.  Should a straggling BREAK still reach getty
 * after settle() (the pty hands input on a little later), getty flushes
 * the name and prompts again: try once more then, twice at most. */
static void login_after_storm(const char *name)
{
	char line[256];

	snprintf(line, sizeof line, "%s\r", name);
	for (int attempt = 1;; attempt++) {
		unsigned long long before = out_total;
		long long deadline = now_ms() + timeout_ms, quiet_since = now_ms();

		send_bytes(line, strlen(line));
		for (;;) {
			if (seen("FAKE-LOGIN-DONE")) {
				login_seen();
				printf("login_attempts=%d\n", attempt);
				return;
			}
			if (out_total > before && output_ends_with("login: ") &&
			    now_ms() - quiet_since >= 500 && pending_input() == 0)
				break;	/* prompted anew: the name was lost */
			if (child_gone())
				die("the command ended (%s) after the storm", how_ended());
			if (now_ms() > deadline)
				die("timed out after %ld ms waiting for the login", timeout_ms);
			struct pollfd p = { .fd = master, .events = POLLIN };

			if (poll(&p, 1, 50) > 0 && drain())
				quiet_since = now_ms();
		}
		if (attempt == 3)
			die("three names in a row were lost after the storm");
	}
}

/* The command should end by itself; report how. */
static void wait_end(long long since)
{
	long long deadline = now_ms() + timeout_ms;

	while (!child_gone()) {
		if (now_ms() > deadline)
			die("the command is still running %ld ms after the hangup", timeout_ms);
		if (master >= 0)
			pump(20, false);
		else
			nap_ms(10);
	}
	printf("ended=%s\nended_ms=%lld\ncpu_ms=%ld\n", how_ended(), now_ms() - since,
	       child_usage.ru_utime.tv_sec * 1000L + child_usage.ru_utime.tv_usec / 1000 +
	       child_usage.ru_stime.tv_sec * 1000L + child_usage.ru_stime.tv_usec / 1000);
	if (WIFSIGNALED(child_status) && WTERMSIG(child_status) != SIGHUP)
		die("the command died of signal %d after the hangup", WTERMSIG(child_status));
}

/* After a login the command is the login program: let it end. */
static void finish_child(void)
{
	long long deadline = now_ms() + timeout_ms;

	if (child <= 0)
		return;
	while (!child_gone() && now_ms() < deadline)
		pump(20, false);
	if (child_status < 0) {
		kill(child, SIGTERM);
		wait4(child, &child_status, 0, &child_usage);
		if (WIFSIGNALED(child_status) && WTERMSIG(child_status) == SIGTERM)
			return;
	}
	if (WIFSIGNALED(child_status))
		die("the command died of signal %d", WTERMSIG(child_status));
}

static long number(const char *s, const char *what)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < 0)
		die("%s: not a count: '%s'", what, s);
	return v;
}

static void scenario_vhangup(void)
{
	int fd = open(slave_path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0)
		die("%s: %s", slave_path, strerror(errno));
	if (ioctl(fd, TIOCVHANGUP) < 0)
		die("TIOCVHANGUP: %s", strerror(errno));
	close(fd);
}

/* In waves, each answered by at least one prompt before the next: a
 * BREAK makes getty flush its input, and a whole storm buffered before
 * getty ran could otherwise go as one BREAK. */
static void scenario_breaks(long n)
{
	const long wave = 500;
	long waves = 0;

	for (long sent = 0; sent < n; waves++) {
		for (long i = 0; i < wave && sent < n; i++, sent++)
			send_bytes("", 1);
		expect("login: ");
	}
	settle();
	printf("waves=%ld\n", waves);
}

static void scenario_flood(long n, const char *name)
{
	static char chunk[65536];
	long long deadline;

	memset(chunk, 'x', sizeof chunk);
	for (long left = n; left > 0; left -= (long)sizeof chunk)
		send_bytes(chunk, left < (long)sizeof chunk ? (size_t)left : sizeof chunk);
	/* Whatever getty holds of the flood, it holds it now. */
	while (pending_input() > 0 && !child_gone())
		pump(20, false);
	printf("hwm_flood_kb=%ld\n", peak_kb());
	forget_output();
	send_bytes("\r", 1);
	deadline = now_ms() + timeout_ms;
	for (;;) {
		if (seen("FAKE-LOGIN-DONE")) {
			login_seen();
			printf("flood_answer=login\n");
			return;
		}
		if (seen("login: ")) {
			printf("flood_answer=prompt\n");
			login_as(name);
			return;
		}
		if (child_gone())
			die("the command ended (%s) after the flood", how_ended());
		if (now_ms() > deadline)
			die("no answer %ld ms after the flood", timeout_ms);
		pump(100, false);
	}
}

static void usage(void)
{
	fprintf(stderr,
		"usage: ptyfault [-t SECS] [-o TRANSCRIPT] [-a NAME2] SCENARIO ARG... -- COMMAND...\n"
		"       ptyfault [-t SECS] [-o TRANSCRIPT] [-a NAME2] -p NAMEFILE SCENARIO ARG...\n"
		"scenarios: hangup | vhangup | breaks N NAME | flood BYTES NAME\n");
	exit(2);
}

static void publish_name(const char *name_file)
{
	char tmp[4096];
	FILE *f;

	snprintf(tmp, sizeof tmp, "%s.tmp", name_file);
	f = fopen(tmp, "we");
	if (f == NULL || fprintf(f, "%s\n", slave_path) < 0 || fclose(f) != 0 ||
	    rename(tmp, name_file) != 0)
		die("%s: %s", name_file, strerror(errno));
}

static void start_command(char **cmd, int n)
{
	char **args = calloc((size_t)n + 1, sizeof *args);

	if (args == NULL)
		die("out of memory");
	for (int i = 0; i < n; i++)
		args[i] = strcmp(cmd[i], "@PTY@") == 0 ? slave_path : cmd[i];
	child = fork();
	if (child < 0)
		die("fork: %s", strerror(errno));
	if (child == 0) {
		/* As init starts a getty: whatever started us (nohup, a CI
		 * runner) may have left SIGHUP ignored, and the hangup
		 * scenarios read how the command meets a default SIGHUP. */
		sigset_t none;
		static const int reset[] = { SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGPIPE };

		for (size_t i = 0; i < sizeof reset / sizeof reset[0]; i++)
			signal(reset[i], SIG_DFL);
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		execvp(args[0], args);
		perror(args[0]);
		_exit(127);
	}
	free(args);
}

int main(int argc, char *argv[])
{
	const char *name_file = NULL, *again = NULL, *transcript_path = NULL;
	const char *scenario;
	int opt, slave, cmd, n_args;
	long long since;

	while ((opt = getopt(argc, argv, "+t:o:a:p:")) != -1) {
		switch (opt) {
		case 't': timeout_ms = number(optarg, "-t") * 1000; break;
		case 'o': transcript_path = optarg; break;
		case 'a': again = optarg; break;
		case 'p': name_file = optarg; break;
		default: usage();
		}
	}
	for (cmd = optind; cmd < argc && strcmp(argv[cmd], "--") != 0; cmd++)
		;
	n_args = cmd - optind;
	if (n_args < 1 || (name_file == NULL) == (cmd >= argc - 1))
		usage();
	scenario = argv[optind];
	if (strcmp(scenario, "hangup") == 0 || strcmp(scenario, "vhangup") == 0) {
		if (n_args != 1)
			usage();
	} else if (strcmp(scenario, "breaks") == 0 || strcmp(scenario, "flood") == 0) {
		if (n_args != 3)
			usage();
	} else {
		usage();
	}
	if ((strcmp(scenario, "hangup") == 0 && (again != NULL || name_file != NULL)))
		die("after a hangup the line is gone: no -a or -p");

	if (transcript_path != NULL) {
		transcript = fopen(transcript_path, "we");
		if (transcript == NULL)
			die("%s: %s", transcript_path, strerror(errno));
		setvbuf(transcript, NULL, _IONBF, 0);
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (openpty(&master, &slave, slave_path, NULL, NULL) < 0)
		die("openpty: %s", strerror(errno));
	fcntl(master, F_SETFD, FD_CLOEXEC);
	fcntl(master, F_SETFL, O_NONBLOCK);
	close(slave);	/* getty opens the line by its path */

	login_waits = name_file != NULL;
	if (name_file != NULL)
		publish_name(name_file);
	else
		start_command(argv + cmd + 1, argc - cmd - 1);

	expect("login: ");
	printf("prompt_pid=%ld\nhwm_start_kb=%ld\n", line_owner(), peak_kb());
	since = now_ms();
	if (strcmp(scenario, "hangup") == 0) {
		close(master);
		master = -1;
		wait_end(since);
	} else if (strcmp(scenario, "vhangup") == 0) {
		scenario_vhangup();
		if (child > 0)
			wait_end(since);
	} else if (strcmp(scenario, "breaks") == 0) {
		scenario_breaks(number(argv[optind + 1], "breaks"));
		login_after_storm(argv[optind + 2]);
	} else {
		scenario_flood(number(argv[optind + 1], "flood"), argv[optind + 2]);
	}
	if (again != NULL) {
		expect("login: ");
		printf("after_pid=%ld\n", line_owner());
		login_as(again);
	}
	printf("output_bytes=%llu\n", out_total);
	if (strcmp(scenario, "breaks") == 0 || strcmp(scenario, "flood") == 0)
		finish_child();
	return 0;
}
