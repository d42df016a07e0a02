/* getty: open a terminal line, show /etc/issue and a login prompt, read a
 * login name and exec login.  The decisions live in libgettycore; this
 * file does the I/O. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <syslog.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <utmpx.h>

#include <bsd/stdlib.h>
#include <bsd/string.h>

#include "escape.h"
#include "gettydefs.h"
#include "linemodes.h"
#include "namein.h"
#include "options.h"

/* Pause before a fatal exit: init respawns at most 10 times in 2 minutes,
 * so 15 s keeps a broken line from being disabled by its own storm. */
#define ERROR_DELAY_DEFAULT 15

static const char *progname = "getty";
static bool log_open;

static void say(int prio, const char *fmt, va_list ap)
{
	char msg[512];
	vsnprintf(msg, sizeof msg, fmt, ap);
	if (log_open)
		syslog(prio, "%s", msg);
	fprintf(stderr, "%s: %s\n", progname, msg);
}

static void warn_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void warn_msg(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	say(LOG_WARNING, fmt, ap);
	va_end(ap);
}

/* GETTY_ERROR_DELAY (seconds) overrides the pause, for tests. */
static unsigned error_delay(void)
{
	const char *env = getenv("GETTY_ERROR_DELAY");
	if (env != NULL) {
		const char *e = NULL;
		long long v = strtonum(env, 0, 3600, &e);
		if (e == NULL)
			return (unsigned)v;
	}
	return ERROR_DELAY_DEFAULT;
}

static void fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void fatal(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	say(LOG_ERR, fmt, ap);
	va_end(ap);
	struct timespec ts = { .tv_sec = error_delay(), .tv_nsec = 0 };
	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
	exit(EXIT_FAILURE);
}

static void usage(FILE *out)
{
	fprintf(out,
		"usage: %s [-h] [-t TIMEOUT] LINE [LABEL [TERMTYPE [LINEDISC]]]\n"
		"       %s [options] SPEED[,SPEED...] LINE [TERMTYPE]\n"
		"       %s -c FILE\n"
		"options: -h (no hangup) -t SECONDS -L (local line) -i (no issue)\n"
		"         -f ISSUE_FILE --gettydefs FILE -l LOGIN_PROGRAM -o LOGIN_OPTIONS\n"
		"         -a/--autologin USER -n (skip prompt) -H HOST --noclear -8\n"
		"         -s/--keep-baud\n",
		progname, progname, progname);
}

/* Whole file into memory; NULL with errno set on failure. */
static char *slurp(const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	struct stat st;
	int e = 0;
	if (fstat(fd, &st) < 0)
		e = errno;
	else if (S_ISDIR(st.st_mode))
		e = EISDIR;
	else if (!S_ISREG(st.st_mode))
		e = EINVAL;
	if (e != 0) {
		close(fd);
		errno = e;
		return NULL;
	}
	size_t cap = 4096, used = 0;
	char *buf = malloc(cap);
	for (;;) {
		if (buf == NULL) {
			close(fd);
			errno = ENOMEM;
			return NULL;
		}
		if (used == cap) {
			if (cap >= (1u << 24)) {
				free(buf);
				close(fd);
				errno = EFBIG;
				return NULL;
			}
			char *n = realloc(buf, cap * 2);
			if (n == NULL)
				free(buf);
			buf = n;
			cap *= 2;
			continue;
		}
		ssize_t r = read(fd, buf + used, cap - used);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			e = errno;
			free(buf);
			close(fd);
			errno = e;
			return NULL;
		}
		if (r == 0)
			break;
		used += (size_t)r;
	}
	close(fd);
	*len = used;
	return buf;
}

static int check_file(const char *path)
{
	size_t len;
	char *text = slurp(path, &len);
	if (text == NULL) {
		fprintf(stderr, "%s: %s: %s\n", progname, path, strerror(errno));
		return EXIT_FAILURE;
	}
	struct gettydefs *defs = gettydefs_parse(path, text, len);
	free(text);
	if (defs == NULL) {
		fprintf(stderr, "%s: out of memory\n", progname);
		return EXIT_FAILURE;
	}
	bool clean = gettydefs_check_report(stdout, defs);
	gettydefs_free(defs);
	return clean ? EXIT_SUCCESS : EXIT_FAILURE;
}

static struct gettydefs *speed_table(const long *speeds, size_t n)
{
	struct gettydefs *defs = gettydefs_from_speeds(speeds, n);
	if (defs == NULL)
		fatal("cannot build the speed table");
	return defs;
}

/* The table to hunt through and its first entry (*entry).  *from_speeds
 * tells an agetty speed table from gettydefs.  The file is complained
 * about only once it is known to be used: a line-first speed operand it
 * has no label for makes it irrelevant. */
static struct gettydefs *load_table(const struct getty_options *o, size_t *entry,
				    bool *from_speeds)
{
	*entry = 0;
	*from_speeds = o->n_speeds > 0;
	if (*from_speeds)
		return speed_table(o->speeds, o->n_speeds);

	const char *path = o->gettydefs_file ? o->gettydefs_file : PATH_GETTYDEFS;
	size_t len;
	int read_errno = 0;
	struct gettydefs *parsed = NULL, *defs;
	char *text = slurp(path, &len);
	if (text == NULL) {
		read_errno = errno;
	} else {
		parsed = gettydefs_parse(path, text, len);
		free(text);
		if (parsed == NULL)
			fatal("out of memory");
	}
	if (parsed != NULL && parsed->n_entries > 0) {
		defs = parsed;
	} else if (parsed != NULL || read_errno == ENOENT) {
		defs = gettydefs_builtin();
		if (defs == NULL)
			fatal("out of memory");
	} else {
		defs = NULL;	/* unreadable: fatal unless speeds win */
	}

	enum label_meaning meaning = LABEL_ENTRY;
	if (o->label) {
		long speeds[MAX_SPEEDS];
		size_t n;
		meaning = resolve_label(o->label, defs, entry, speeds, &n);
		if (meaning == LABEL_SPEEDS) {
			if (defs != parsed)
				gettydefs_free(defs);
			gettydefs_free(parsed);
			*from_speeds = true;
			return speed_table(speeds, n);
		}
	}

	if (defs == NULL)
		fatal("%s: %s", path, strerror(read_errno));
	if (read_errno != 0)
		warn_msg("%s: %s; using the built-in 9600 baud entry", path,
			 strerror(read_errno));
	/* A flawed file still beats no login at all: use what parsed. */
	for (size_t i = 0; parsed != NULL && i < parsed->n_diags; i++) {
		char buf[512];
		gettydefs_format_diag(parsed, i, buf, sizeof buf);
		warn_msg("%s", buf);
	}
	if (defs != parsed)
		gettydefs_free(parsed);
	if (meaning == LABEL_UNKNOWN)
		warn_msg("no entry labelled '%s' in %s; using '%s'", o->label,
			 defs->filename, defs->entries[0].label);
	return defs;
}

/* Make fd 0, 1 and 2 the line, as controlling terminal of a new session. */
static void open_line(const struct getty_options *o, const char *path)
{
	(void)setsid();	/* fails only when already a session leader */

	if (path == NULL) {
		if (!isatty(STDIN_FILENO))
			fatal("standard input is not a terminal");
		(void)ioctl(STDIN_FILENO, TIOCSCTTY, 1);
		/* login wants the terminal on all three; a read-only stdin
		 * leaves that to whoever opened it. */
		int mode = fcntl(STDIN_FILENO, F_GETFL);
		if (mode >= 0 && (mode & O_ACCMODE) == O_RDWR)
			for (int i = 1; i < 3; i++)
				if (dup2(STDIN_FILENO, i) < 0)
					fatal("dup2: %s", strerror(errno));
		return;
	}

	struct stat st;
	if (stat(path, &st) < 0)
		fatal("%s: %s", path, strerror(errno));
	if (!S_ISCHR(st.st_mode))
		fatal("%s: not a character device", path);

	/* O_NONBLOCK: a modem line without carrier would block the open. */
	int fd = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		fatal("%s: %s", path, strerror(errno));
	if (!isatty(fd))
		fatal("%s: not a terminal", path);
	/* As agetty: take the line even when it is still the controlling
	 * terminal of an old session (needs CAP_SYS_ADMIN; else fails). */
	(void)ioctl(fd, TIOCSCTTY, 1);

	if (!o->no_hangup) {
		/* Throw earlier users off the line.  Needs CAP_SYS_TTY_CONFIG;
		 * without it (a test on a pty) the line is used as it is. */
		struct sigaction ign = { .sa_handler = SIG_IGN }, old;
		sigaction(SIGHUP, &ign, &old);
		if (vhangup() == 0) {
			close(fd);
			fd = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
			if (fd < 0)
				fatal("%s: %s", path, strerror(errno));
			(void)ioctl(fd, TIOCSCTTY, 1);
		}
		sigaction(SIGHUP, &old, NULL);
	}

	int flags = fcntl(fd, F_GETFL);
	if (flags >= 0)
		(void)fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
	if (getuid() == 0) {
		/* login sets the owner; nobody else may read the line meanwhile. */
		(void)fchown(fd, 0, 0);
		(void)fchmod(fd, 0600);
	}
	/* dup2 clears close-on-exec, except when fd already is 0, 1 or 2
	 * (init may start us with them closed): clear it by hand then. */
	for (int i = 0; i < 3; i++)
		if (dup2(fd, i) < 0 || (i == fd && fcntl(fd, F_SETFD, 0) < 0))
			fatal("dup2: %s", strerror(errno));
	if (fd > 2)
		close(fd);
	(void)tcsetpgrp(STDIN_FILENO, getpgrp());
}

static void write_all(const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t w = write(STDOUT_FILENO, buf, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			fatal("write to the line: %s", strerror(errno));
		buf += w;
		len -= (size_t)w;
	}
}

static void write_str(const char *s)
{
	write_all(s, strlen(s));
}

static unsigned count_users(void)
{
	unsigned n = 0;
	struct utmpx *u;
	setutxent();
	while ((u = getutxent()) != NULL)
		if (u->ut_type == USER_PROCESS)
			n++;
	endutxent();
	return n;
}

static void collect_values(struct escape_values *v, struct utsname *uts,
			   const char *line)
{
	memset(v, 0, sizeof *v);
	if (uname(uts) == 0) {
		v->nodename = uts->nodename;
		v->sysname = uts->sysname;
		v->release = uts->release;
		v->version = uts->version;
		v->machine = uts->machine;
		v->domainname = strcmp(uts->domainname, "(none)") == 0 ? "" : uts->domainname;
	}
	v->line = line;
	struct termios t;
	v->speed = tcgetattr(STDIN_FILENO, &t) == 0 ? speed_to_baud(cfgetospeed(&t)) : -1;
	time_t now = time(NULL);
	localtime_r(&now, &v->now);
	v->users = count_users();
}

static void show(const char *text, size_t len, enum expand_mode mode, const char *line)
{
	struct utsname uts;
	struct escape_values v;
	collect_values(&v, &uts, line);
	size_t out_len;
	char *out = escape_expand(text, len, mode, &v, &out_len);
	if (out == NULL)
		fatal("out of memory");
	write_all(out, out_len);
	free(out);
}

static void show_issue(const struct getty_options *o, const char *line)
{
	const char *path = o->issue_file ? o->issue_file : PATH_ISSUE;
	size_t len;
	char *text = slurp(path, &len);
	if (text == NULL) {
		if (errno != ENOENT)
			warn_msg("%s: %s", path, strerror(errno));
		return;
	}
	show(text, len, EXPAND_ISSUE, line);
	free(text);
}

/* keep: a speed to keep instead of the entry's (--keep-baud), or B0. */
static void set_reading_mode(const struct gettydef *e, bool local, speed_t keep)
{
	struct termios t;
	if (tcgetattr(STDIN_FILENO, &t) < 0)
		fatal("tcgetattr: %s", strerror(errno));
	termios_for_reading(&e->initial, local, &t);
	if (keep != B0) {
		cfsetispeed(&t, keep);
		cfsetospeed(&t, keep);
	}
	if (tcsetattr(STDIN_FILENO, TCSAFLUSH, &t) < 0)
		fatal("tcsetattr: %s", strerror(errno));
}

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

struct login_name {
	char name[NAME_MAX_LEN + 1];
	bool uppercase;
	unsigned char erase;
};

/* Prompt until a name arrives, hunting along the chain on BREAK.
 * *entry follows the hunt. */
static void read_name(const struct getty_options *o, const struct gettydefs *defs,
		      size_t *entry, speed_t *keep, const char *line, struct login_name *out)
{
	long long deadline = o->timeout > 0 ? now_ms() + o->timeout * 1000LL : -1;
	bool issue = !o->no_issue;
	struct name_reader r;
	const struct gettydef *e = &defs->entries[*entry];
	name_reader_init(&r, (e->initial.set[FLAG_IFLAG] & PARMRK) != 0);

	for (;;) {
		if (issue)
			show_issue(o, line);
		issue = false;
		show(e->prompt, strlen(e->prompt), EXPAND_PROMPT, line);

		enum name_event ev = NAME_MORE;
		while (ev == NAME_MORE) {
			int wait = -1;
			if (deadline >= 0) {
				long long left = deadline - now_ms();
				if (left <= 0) {
					syslog(LOG_INFO, "%s: no login name within %ld seconds",
					       line, o->timeout);
					exit(EXIT_SUCCESS);
				}
				wait = left > 60000 ? 60000 : (int)left;
			}
			struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };
			int n = poll(&p, 1, wait);
			if (n < 0 && errno != EINTR)
				fatal("poll: %s", strerror(errno));
			if (n <= 0)
				continue;
			unsigned char buf[64];
			ssize_t got = read(STDIN_FILENO, buf, sizeof buf);
			if (got < 0 && (errno == EINTR || errno == EAGAIN))
				continue;
			if (got < 0)
				fatal("%s: read: %s", line, strerror(errno));
			if (got == 0)
				fatal("%s: end of file on the line", line);
			for (ssize_t i = 0; i < got && ev == NAME_MORE; i++) {
				ev = name_reader_feed(&r, buf[i]);
				write_all(r.echo, r.echo_len);
			}
		}

		switch (ev) {
		case NAME_DONE:
			strlcpy(out->name, r.name, sizeof out->name);
			out->uppercase = r.uppercase;
			out->erase = r.erase_char;
			return;
		case NAME_REFUSED:
			write_str(r.problem);
			write_str("\n");
			break;
		case NAME_BREAK:
			/* With --keep-baud the first BREAK leaves the kept speed
			 * for the current entry's own; later ones hunt on. */
			if (*keep != B0)
				*keep = B0;
			else
				*entry = e->next;
			e = &defs->entries[*entry];
			set_reading_mode(e, o->local_line, B0);
			r.parmrk = (e->initial.set[FLAG_IFLAG] & PARMRK) != 0;
			write_str("\n");
			issue = !o->no_issue;
			break;
		case NAME_EOF:
			exit(EXIT_SUCCESS);
		case NAME_EMPTY:
		case NAME_MORE:
			break;
		}
	}
}

/* init's INIT_PROCESS record for us carries the inittab id: keep it. */
static void write_utmp(const char *line, const char *host)
{
	const char *utmp_file = getenv("GETTY_UTMP");
	if (utmp_file != NULL && utmpxname(utmp_file) != 0)
		return;
	struct utmpx ut, *u;
	memset(&ut, 0, sizeof ut);
	pid_t pid = getpid();
	setutxent();
	while ((u = getutxent()) != NULL)
		if (u->ut_pid == pid &&
		    (u->ut_type == INIT_PROCESS || u->ut_type == LOGIN_PROCESS)) {
			memcpy(ut.ut_id, u->ut_id, sizeof ut.ut_id);
			break;
		}
	if (ut.ut_id[0] == '\0') {
		size_t l = strlen(line);
		const char *id = strncmp(line, "tty", 3) == 0 ? line + 3 :
			l > sizeof ut.ut_id ? line + l - sizeof ut.ut_id : line;
		strncpy(ut.ut_id, id, sizeof ut.ut_id);
	}
	ut.ut_type = LOGIN_PROCESS;
	ut.ut_pid = pid;
	strncpy(ut.ut_line, line, sizeof ut.ut_line);
	strncpy(ut.ut_user, "LOGIN", sizeof ut.ut_user);
	if (host)
		strncpy(ut.ut_host, host, sizeof ut.ut_host);
	struct timeval tv;
	gettimeofday(&tv, NULL);
	ut.ut_tv.tv_sec = (int32_t)tv.tv_sec;
	ut.ut_tv.tv_usec = (int32_t)tv.tv_usec;
	setutxent();
	(void)pututxline(&ut);	/* no utmp (read-only /run): log in anyway */
	endutxent();
	const char *wtmp = getenv("GETTY_WTMP");
	updwtmpx(wtmp ? wtmp : _PATH_WTMP, &ut);
}

static const char *default_term(const char *line)
{
	/* Virtual consoles are tty1..tty63; everything else is a serial
	 * terminal of some kind. */
	if (strncmp(line, "tty", 3) == 0 && line[3] >= '1' && line[3] <= '9')
		return "linux";
	return "vt102";
}

static void exec_login(const struct getty_options *o, const struct gettydef *e,
		       const char *name)
{
	const char *prog = o->login_program ? o->login_program :
		e->login_program ? e->login_program : PATH_LOGIN;
	char *argv[64];
	size_t n = 0;
	argv[n++] = (char *)prog;
	char *opts = NULL;
	if (o->login_options) {
		/* agetty's -o: blank-separated words, \u is the name. */
		opts = strdup(o->login_options);
		if (opts == NULL)
			fatal("out of memory");
		for (char *w = strtok(opts, " \t"); w && n < 62; w = strtok(NULL, " \t")) {
			if (strcmp(w, "\\u") == 0) {
				if (name)
					argv[n++] = (char *)name;
			} else {
				argv[n++] = w;
			}
		}
	} else {
		if (o->host) {
			argv[n++] = "-h";
			argv[n++] = (char *)o->host;
		}
		if (o->autologin)
			argv[n++] = "-f";
		if (name) {
			argv[n++] = "--";
			argv[n++] = (char *)name;
		}
	}
	argv[n] = NULL;
	execv(prog, argv);
	fatal("exec %s: %s", prog, strerror(errno));
}

int main(int argc, char *argv[])
{
	struct getty_options o;
	char err[256];

	if (!getty_options_parse(argc, argv, &o, err, sizeof err)) {
		usage(stderr);
		openlog("getty", LOG_PID, LOG_AUTH);
		log_open = true;
		fatal("%s", err);
	}
	if (o.help) {
		usage(stdout);
		return EXIT_SUCCESS;
	}
	if (o.check_file)
		return check_file(o.check_file);

	openlog("getty", LOG_PID, LOG_AUTH);
	log_open = true;

	char ttypath[64];
	const char *path = NULL;
	const char *line;
	if (strcmp(o.line, "-") == 0) {
		const char *tn = ttyname(STDIN_FILENO);
		if (tn == NULL)
			fatal("standard input is not a terminal");
		strlcpy(ttypath, strncmp(tn, "/dev/", 5) == 0 ? tn + 5 : tn, sizeof ttypath);
		line = ttypath;
	} else {
		line = line_name(o.line);
		snprintf(ttypath, sizeof ttypath, "/dev/%s", line);
		path = ttypath;
	}
	/* From here on messages name the line: there may be many gettys. */
	static char prog_line[80];
	snprintf(prog_line, sizeof prog_line, "getty %s", line);
	closelog();
	openlog(prog_line, LOG_PID, LOG_AUTH);

	size_t entry;
	bool from_speeds;
	struct gettydefs *defs = load_table(&o, &entry, &from_speeds);

	open_line(&o, path);
	speed_t keep = B0;
	if (o.keep_baud) {
		struct termios now;
		if (tcgetattr(STDIN_FILENO, &now) == 0)
			keep = cfgetospeed(&now);
	}
	set_reading_mode(&defs->entries[entry], o.local_line, keep);

	if (from_speeds && !o.noclear)
		write_str("\033[H\033[2J");

	struct login_name name;
	memset(&name, 0, sizeof name);
	const char *login_as = NULL;
	if (o.autologin) {
		if (!o.no_issue)
			show_issue(&o, line);
		const struct gettydef *e = &defs->entries[entry];
		show(e->prompt, strlen(e->prompt), EXPAND_PROMPT, line);
		write_str(o.autologin);
		write_str(" (automatic login)\n");
		login_as = o.autologin;
	} else if (o.skip_login) {
		if (!o.no_issue)
			show_issue(&o, line);
	} else {
		read_name(&o, defs, &entry, &keep, line, &name);
		login_as = name.name;
	}

	const struct gettydef *e = &defs->entries[entry];
	struct termios t;
	if (tcgetattr(STDIN_FILENO, &t) < 0)
		fatal("tcgetattr: %s", strerror(errno));
	termios_for_login(&e->final, o.local_line, name.uppercase, name.erase, &t);
	if (keep != B0) {
		cfsetispeed(&t, keep);
		cfsetospeed(&t, keep);
	}
	if (tcsetattr(STDIN_FILENO, TCSADRAIN, &t) < 0)
		fatal("tcsetattr: %s", strerror(errno));

	write_utmp(line, o.host);
	if (setenv("TERM", o.termtype ? o.termtype : default_term(line), 1) < 0)
		fatal("setenv: %s", strerror(errno));
	closelog();
	exec_login(&o, e, login_as);
}
