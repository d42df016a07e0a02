/* ptydrive: run a command on a fresh pseudo-terminal and play the user on
 * the master side from a script, every step with a deadline.
 *
 *   ptydrive [-t SECONDS] [-o TRANSCRIPT] SCRIPT -- COMMAND [ARG...]
 *   ptydrive [-t SECONDS] [-o TRANSCRIPT] -p NAMEFILE SCRIPT
 *
 * The second form starts no command: it writes the slave's path into
 * NAMEFILE (for someone else, say init, to start a getty there) and plays
 * the script.
 * In COMMAND's arguments and in the script, @PTY@ stands for the slave's
 * path (/dev/pts/N) and @LINE@ for its name (pts/N).  Script lines:
 *   expect TEXT      wait until the output (after the last match) holds TEXT
 *   send TEXT        write TEXT to the master
 *   speed BAUD       the slave's speed is BAUD
 *   flag NAME on|off the slave's termios flag NAME is set / clear
 *   exit STATUS      the command exits with STATUS
 *   # comment
 * TEXT takes C escapes: \r \n \t \e \\ \0 \xHH.
 * Exit status 0 when every step passed, 1 with a message otherwise. */
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
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

static char out_buf[1 << 16];
static size_t out_len, out_matched;
static int master = -1;
static pid_t child = -1;
static int child_status = -1;
static char slave_path[64];
static const char *slave_line;
static FILE *transcript;
static long step_timeout_ms = 10000;
static unsigned step_no;
static char step_text[1024];

static void dump_output(void)
{
	fprintf(stderr, "ptydrive: output after the last match:\n  \"");
	for (size_t i = out_matched; i < out_len; i++) {
		unsigned char c = (unsigned char)out_buf[i];
		if (c == '\\')
			fputs("\\\\", stderr);
		else if (c >= 0x20 && c < 0x7f)
			fputc(c, stderr);
		else
			fprintf(stderr, "\\x%02x", c);
	}
	fputs("\"\n", stderr);
}

static void fail(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void fail(const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "ptydrive: step %u (%s): ", step_no, step_text);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	dump_output();
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

static void reap(void)
{
	if (child > 0 && child_status < 0) {
		int st;
		if (waitpid(child, &st, WNOHANG) == child)
			child_status = st;
	}
}

/* Wait up to ms for output, appending it; reaps the child on the way. */
static void pump(int ms)
{
	struct pollfd p = { .fd = master, .events = POLLIN };
	int n = poll(&p, 1, ms);
	if (n > 0 && (p.revents & POLLIN)) {
		if (out_len == sizeof out_buf)
			fail("output buffer full");
		ssize_t r = read(master, out_buf + out_len, sizeof out_buf - out_len);
		if (r > 0) {
			if (transcript)
				fwrite(out_buf + out_len, 1, (size_t)r, transcript);
			out_len += (size_t)r;
		}
	} else if (n > 0) {
		/* POLLHUP: no slave open right now (between the getty's opens,
		 * or after it exited).  Nothing to read; wait a little. */
		struct timespec ts = { 0, 10 * 1000000L };
		nanosleep(&ts, NULL);
	}
	reap();
}

/* Decode escapes; returns the length. */
static size_t unescape(const char *s, char *out, size_t cap)
{
	size_t n = 0;
	while (*s && n < cap) {
		char c = *s++;
		if (c != '\\' || *s == '\0') {
			out[n++] = c;
			continue;
		}
		c = *s++;
		switch (c) {
		case 'r': out[n++] = '\r'; break;
		case 'n': out[n++] = '\n'; break;
		case 't': out[n++] = '\t'; break;
		case 'e': out[n++] = '\033'; break;
		case 'a': out[n++] = '\a'; break;
		case 'b': out[n++] = '\b'; break;
		case '0': out[n++] = '\0'; break;
		case 'x': {
			char hex[3] = { 0 };
			for (int i = 0; i < 2 && *s; i++)
				hex[i] = *s++;
			out[n++] = (char)strtol(hex, NULL, 16);
			break;
		}
		default: out[n++] = c; break;
		}
	}
	return n;
}

/* Replace @PTY@ and @LINE@. */
static char *substitute(const char *s)
{
	size_t cap = strlen(s) * 4 + 64;
	char *out = malloc(cap);
	if (out == NULL)
		exit(2);
	size_t n = 0;
	while (*s) {
		const char *rep = NULL;
		size_t skip = 0;
		if (strncmp(s, "@PTY@", 5) == 0)
			rep = slave_path, skip = 5;
		else if (strncmp(s, "@LINE@", 6) == 0)
			rep = slave_line, skip = 6;
		if (rep) {
			size_t l = strlen(rep);
			if (n + l + 1 >= cap)
				exit(2);
			memcpy(out + n, rep, l);
			n += l;
			s += skip;
		} else {
			if (n + 2 >= cap)
				exit(2);
			out[n++] = *s++;
		}
	}
	out[n] = '\0';
	return out;
}

static void do_expect(const char *arg)
{
	char want[1024];
	char *sub = substitute(arg);
	size_t wl = unescape(sub, want, sizeof want);
	free(sub);
	long long deadline = now_ms() + step_timeout_ms;
	for (;;) {
		if (out_len - out_matched >= wl) {
			void *hit = memmem(out_buf + out_matched, out_len - out_matched, want, wl);
			if (hit) {
				out_matched = (size_t)((char *)hit - out_buf) + wl;
				return;
			}
		}
		long long left = deadline - now_ms();
		if (left <= 0)
			fail("timed out after %ld ms", step_timeout_ms);
		pump(left > 100 ? 100 : (int)left);
	}
}

static void do_send(const char *arg)
{
	char data[1024];
	char *sub = substitute(arg);
	size_t l = unescape(sub, data, sizeof data);
	free(sub);
	if (write(master, data, l) != (ssize_t)l)
		fail("write: %s", strerror(errno));
}

static bool slave_termios(struct termios *t)
{
	int fd = open(slave_path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return false;
	bool ok = tcgetattr(fd, t) == 0;
	close(fd);
	return ok;
}

static const struct {
	long baud;
	speed_t speed;
} speeds[] = {
	{ 300, B300 }, { 1200, B1200 }, { 2400, B2400 }, { 4800, B4800 },
	{ 9600, B9600 }, { 19200, B19200 }, { 38400, B38400 },
	{ 57600, B57600 }, { 115200, B115200 }, { 230400, B230400 },
};

static void do_speed(const char *arg)
{
	long want = strtol(arg, NULL, 10);
	long long deadline = now_ms() + step_timeout_ms;
	long got = -1;
	for (;;) {
		struct termios t;
		if (slave_termios(&t)) {
			speed_t s = cfgetospeed(&t);
			got = -1;
			for (size_t i = 0; i < sizeof speeds / sizeof speeds[0]; i++)
				if (speeds[i].speed == s)
					got = speeds[i].baud;
			if (got == want)
				return;
		}
		if (now_ms() >= deadline)
			fail("speed is %ld", got);
		pump(20);
	}
}

static const struct {
	const char *name;
	int word;	/* 0 iflag, 1 oflag, 2 cflag, 3 lflag */
	tcflag_t mask, value;
} flags[] = {
	{ "IGNBRK", 0, IGNBRK, IGNBRK }, { "BRKINT", 0, BRKINT, BRKINT },
	{ "ICRNL", 0, ICRNL, ICRNL }, { "ISTRIP", 0, ISTRIP, ISTRIP },
	{ "IXON", 0, IXON, IXON }, { "IUCLC", 0, IUCLC, IUCLC },
	{ "IUTF8", 0, IUTF8, IUTF8 }, { "PARMRK", 0, PARMRK, PARMRK },
	{ "OPOST", 1, OPOST, OPOST }, { "ONLCR", 1, ONLCR, ONLCR },
	{ "OLCUC", 1, OLCUC, OLCUC }, { "TAB3", 1, TABDLY, TAB3 },
	{ "CS7", 2, CSIZE, CS7 }, { "CS8", 2, CSIZE, CS8 },
	{ "PARENB", 2, PARENB, PARENB }, { "CSTOPB", 2, CSTOPB, CSTOPB },
	{ "CLOCAL", 2, CLOCAL, CLOCAL }, { "HUPCL", 2, HUPCL, HUPCL },
	{ "CRTSCTS", 2, CRTSCTS, CRTSCTS }, { "CREAD", 2, CREAD, CREAD },
	{ "ISIG", 3, ISIG, ISIG }, { "ICANON", 3, ICANON, ICANON },
	{ "ECHO", 3, ECHO, ECHO }, { "XCASE", 3, XCASE, XCASE },
};

static void do_flag(const char *arg)
{
	char name[32], state[8];
	if (sscanf(arg, "%31s %7s", name, state) != 2)
		fail("usage: flag NAME on|off");
	bool want_on = strcmp(state, "on") == 0;
	size_t i = 0;
	while (i < sizeof flags / sizeof flags[0] && strcmp(flags[i].name, name) != 0)
		i++;
	if (i == sizeof flags / sizeof flags[0])
		fail("unknown flag %s", name);
	struct termios t;
	if (!slave_termios(&t))
		fail("cannot read the slave's termios: %s", strerror(errno));
	const tcflag_t w[4] = { t.c_iflag, t.c_oflag, t.c_cflag, t.c_lflag };
	bool on = (w[flags[i].word] & flags[i].mask) == flags[i].value;
	if (on != want_on)
		fail("%s is %s", name, on ? "on" : "off");
}

static void do_exit(const char *arg)
{
	long want = strtol(arg, NULL, 10);
	long long deadline = now_ms() + step_timeout_ms;
	if (child < 0)
		fail("no command was started");
	while (child_status < 0) {
		if (now_ms() >= deadline)
			fail("command still running");
		pump(20);
	}
	if (!WIFEXITED(child_status))
		fail("command died of signal %d", WTERMSIG(child_status));
	if (WEXITSTATUS(child_status) != want)
		fail("command exited with %d", WEXITSTATUS(child_status));
}

int main(int argc, char *argv[])
{
	int opt;
	const char *transcript_path = NULL, *name_file = NULL;
	while ((opt = getopt(argc, argv, "+t:o:p:")) != -1) {
		switch (opt) {
		case 't': step_timeout_ms = strtol(optarg, NULL, 10) * 1000; break;
		case 'o': transcript_path = optarg; break;
		case 'p': name_file = optarg; break;
		default: return 2;
		}
	}
	bool usage_ok = name_file ? argc - optind == 1 :
		argc - optind >= 3 && strcmp(argv[optind + 1], "--") == 0;
	if (!usage_ok) {
		fprintf(stderr, "usage: ptydrive [-t SECONDS] [-o TRANSCRIPT] SCRIPT -- COMMAND...\n"
			"       ptydrive [-t SECONDS] [-o TRANSCRIPT] -p NAMEFILE SCRIPT\n");
		return 2;
	}
	FILE *script = fopen(argv[optind], "re");
	if (script == NULL) {
		perror(argv[optind]);
		return 2;
	}
	if (transcript_path) {
		transcript = fopen(transcript_path, "we");
		if (transcript == NULL) {
			perror(transcript_path);
			return 2;
		}
		setvbuf(transcript, NULL, _IONBF, 0);
	}

	int slave;
	if (openpty(&master, &slave, slave_path, NULL, NULL) < 0) {
		perror("openpty");
		return 2;
	}
	fcntl(master, F_SETFD, FD_CLOEXEC);
	/* The command opens the line by its path, as getty does. */
	close(slave);
	slave_line = slave_path + 5;

	char **cmd = argv + optind + 2;
	int n = name_file ? 0 : argc - optind - 2;
	char **args = calloc((size_t)n + 1, sizeof *args);
	if (args == NULL)
		return 2;
	for (int i = 0; i < n; i++)
		args[i] = substitute(cmd[i]);

	if (name_file) {
		char tmp[4096];
		snprintf(tmp, sizeof tmp, "%s.tmp", name_file);
		FILE *f = fopen(tmp, "we");
		if (f == NULL || fprintf(f, "%s\n", slave_path) < 0 || fclose(f) != 0 ||
		    rename(tmp, name_file) != 0) {
			perror(name_file);
			return 2;
		}
	} else {
		child = fork();
		if (child < 0) {
			perror("fork");
			return 2;
		}
		if (child == 0) {
			execvp(args[0], args);
			perror(args[0]);
			_exit(127);
		}
	}

	char line[1024];
	while (fgets(line, sizeof line, script)) {
		line[strcspn(line, "\n")] = '\0';
		if (line[0] == '\0' || line[0] == '#')
			continue;
		step_no++;
		snprintf(step_text, sizeof step_text, "%s", line);
		char *sp = strchr(line, ' ');
		const char *arg = sp ? sp + 1 : "";
		if (sp)
			*sp = '\0';
		if (strcmp(line, "expect") == 0)
			do_expect(arg);
		else if (strcmp(line, "send") == 0)
			do_send(arg);
		else if (strcmp(line, "speed") == 0)
			do_speed(arg);
		else if (strcmp(line, "flag") == 0)
			do_flag(arg);
		else if (strcmp(line, "exit") == 0)
			do_exit(arg);
		else
			fail("unknown step");
	}
	fclose(script);
	if (child > 0 && child_status < 0) {
		kill(child, SIGTERM);
		waitpid(child, NULL, 0);
	}
	for (int i = 0; i < n; i++)
		free(args[i]);
	free(args);
	return 0;
}
