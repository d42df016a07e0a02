/*
 * console: init's console device and its line settings (see console.h).
 */
#include "console.h"

#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <termios.h>
#include <unistd.h>

#include <bsd/string.h>

#define CONSOLE_DEFAULT "/dev/console"
#define CONSOLE_VT      "/dev/tty0"
#define CONSOLE_NONE    "/dev/null"

static char path[256] = CONSOLE_DEFAULT;
static char env[sizeof("CONSOLE=") + sizeof(path)] = "CONSOLE=" CONSOLE_DEFAULT;

static int open_nonblocking(const char *dev, int mode)
{
	return open(dev, mode | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
}

static bool opens(const char *dev)
{
	int fd = open_nonblocking(dev, O_RDONLY);

	if (fd < 0)
		return false;
	close(fd);
	return true;
}

void console_choose(void)
{
	const char *asked = getenv("CONSOLE");
	const char *dev = CONSOLE_NONE;

	if (asked && *asked && strlen(asked) < sizeof(path) && opens(asked))
		dev = asked;
	else if (opens(CONSOLE_DEFAULT))
		dev = CONSOLE_DEFAULT;
	else if (opens(CONSOLE_VT))
		dev = CONSOLE_VT;
	strlcpy(path, dev, sizeof(path));
	snprintf(env, sizeof(env), "CONSOLE=%s", path);
}

const char *console_path(void)
{
	return path;
}

const char *console_env(void)
{
	return env;
}

static void cook(struct termios *t)
{
	static const struct { int index; cc_t c; } chars[] = {
		{ VINTR, 003 }, { VQUIT, 034 }, { VERASE, 0177 }, { VKILL, 025 },
		{ VEOF, 004 }, { VTIME, 0 }, { VMIN, 1 }, { VSTART, 021 },
		{ VSTOP, 023 }, { VSUSP, 032 }, { VEOL, _POSIX_VDISABLE },
		{ VREPRINT, 022 }, { VDISCARD, 017 }, { VWERASE, 027 },
		{ VLNEXT, 026 }, { VEOL2, _POSIX_VDISABLE },
#ifdef VSWTC
		{ VSWTC, _POSIX_VDISABLE },
#endif
	};

	/* The line's speed and framing stay as the boot loader set them. */
	t->c_cflag &= CBAUD | CBAUDEX | CSIZE | CSTOPB | PARENB | PARODD;
	t->c_cflag |= HUPCL | CLOCAL | CREAD;
	for (size_t i = 0; i < sizeof(chars) / sizeof(chars[0]); i++)
		t->c_cc[chars[i].index] = chars[i].c;
	t->c_iflag = IGNPAR | ICRNL | IXON | IXANY | (t->c_iflag & IUTF8);
	t->c_oflag = OPOST | ONLCR;
	t->c_lflag = ISIG | ICANON | ECHO | ECHOCTL | ECHOE | ECHOKE;
}

void console_make_sane(void)
{
	struct termios t;
	int fd = open_nonblocking(path, O_RDWR);

	if (fd < 0)
		return;
	if (tcgetattr(fd, &t) == 0) {
		cook(&t);
		(void)tcsetattr(fd, TCSANOW, &t);
		/* What a raw program left unread, and output it had held,
		 * mean nothing now. */
		(void)tcflush(fd, TCIOFLUSH);
	}
	close(fd);
}
