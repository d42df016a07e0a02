/* The terminal line: opening it as the controlling terminal, setting its
 * modes, writing to it. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "gettydefs.h"
#include "line.h"
#include "linemodes.h"
#include "msg.h"

/* The terminal already on standard input becomes the controlling
 * terminal, and standard output and error too when it is open for both. */
static void adopt_stdin(void)
{
	if (!isatty(STDIN_FILENO))
		fatal("standard input is not a terminal");
	(void)ioctl(STDIN_FILENO, TIOCSCTTY, 1);
	/* login wants the terminal on all three; a read-only stdin leaves
	 * that to whoever opened it. */
	int mode = fcntl(STDIN_FILENO, F_GETFL);
	if (mode >= 0 && (mode & O_ACCMODE) == O_RDWR)
		for (int i = 1; i < 3; i++)
			if (dup2(STDIN_FILENO, i) < 0)
				fatal("dup2: %s", strerror(errno));
}

/* path opened, checked to be a terminal, and taken as controlling
 * terminal.  Returns the descriptor, non-blocking. */
static int open_terminal(const char *path)
{
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
	return fd;
}

/* Throw earlier users off the line.  Needs CAP_SYS_TTY_CONFIG; without it
 * (a test on a pty) the line is used as it is.  Returns the descriptor
 * to use from now on. */
static int hang_up_others(int fd, const char *path)
{
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
	return fd;
}

/* fd, blocking again and private to root, becomes 0, 1 and 2 and the
 * line's foreground process group ours. */
static void make_standard(int fd)
{
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

void open_line(const char *path, bool hang_up)
{
	(void)setsid();	/* fails only when already a session leader */

	if (!path) {
		adopt_stdin();
		return;
	}
	int fd = open_terminal(path);
	if (hang_up)
		fd = hang_up_others(fd, path);
	make_standard(fd);
}

void write_all(const char *buf, size_t len)
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

void write_str(const char *s)
{
	write_all(s, strlen(s));
}

void set_reading_mode(const struct gettydef *e, tcflag_t cflags, speed_t keep)
{
	struct termios t;
	if (tcgetattr(STDIN_FILENO, &t) < 0)
		fatal("tcgetattr: %s", strerror(errno));
	termios_for_reading(&e->initial, cflags, &t);
	if (keep != B0) {
		cfsetispeed(&t, keep);
		cfsetospeed(&t, keep);
	}
	if (tcsetattr(STDIN_FILENO, TCSAFLUSH, &t) < 0)
		fatal("tcsetattr: %s", strerror(errno));
}

void set_login_mode(const struct gettydef *e, tcflag_t cflags, bool uppercase,
		    unsigned char erase, speed_t keep)
{
	struct termios t;
	if (tcgetattr(STDIN_FILENO, &t) < 0)
		fatal("tcgetattr: %s", strerror(errno));
	termios_for_login(&e->final, cflags, uppercase, erase, &t);
	if (keep != B0) {
		cfsetispeed(&t, keep);
		cfsetospeed(&t, keep);
	}
	/* Drain, not flush: what was typed ahead (often the password) is
	 * login's to read. */
	if (tcsetattr(STDIN_FILENO, TCSADRAIN, &t) < 0)
		fatal("tcsetattr: %s", strerror(errno));
}
