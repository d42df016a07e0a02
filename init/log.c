/*
 * log: init's messages, to the console and syslog (see log.h).
 */
#include "log.h"

#include "console.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <unistd.h>

/* facility daemon (3) * 8 + info (6), as sysvinit */
#define LOG_DAEMON_INFO_TEXT "30"

static void to_console(const char *line, size_t len)
{
	int fd = open(console_path(),
		      O_WRONLY | O_NOCTTY | O_NONBLOCK | O_APPEND | O_CLOEXEC);
	if (fd < 0) {
		/* Not PID 1 of a real system (a test, a container): stderr. */
		(void)!write(STDERR_FILENO, line, len);
		return;
	}
	(void)!write(fd, line, len);
	close(fd);
}

/* The datagram is "<30>init: " and msg, from two pieces: no buffer of
 * its own on PID 1's stack. */
static void to_syslog(const char *msg, size_t len)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX, .sun_path = "/dev/log" };
	static const char prefix[] = "<" LOG_DAEMON_INFO_TEXT ">init: ";
	struct iovec iov[2] = {
		{ .iov_base = (void *)prefix, .iov_len = sizeof(prefix) - 1 },
		{ .iov_base = (void *)msg, .iov_len = len },
	};
	struct msghdr mh = { .msg_name = &addr, .msg_namelen = sizeof(addr),
			     .msg_iov = iov, .msg_iovlen = 2 };
	int fd;

	if (access("/dev/log", F_OK) != 0)
		return;
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return;
	(void)sendmsg(fd, &mh, MSG_DONTWAIT | MSG_NOSIGNAL);
	close(fd);
}

static void vlog(bool console, bool syslog, const char *fmt, va_list ap)
{
	static const char prefix[] = "INIT: ";
	enum { PREFIX = sizeof(prefix) - 1 };
	char line[1024];
	int saved = errno;

	memcpy(line, prefix, PREFIX);
	int n = vsnprintf(line + PREFIX, sizeof(line) - PREFIX - 1, fmt, ap);
	size_t len = n < 0 ? 0 : (size_t)n;
	if (len > sizeof(line) - PREFIX - 2)
		len = sizeof(line) - PREFIX - 2;
	line[PREFIX + len] = '\n';
	if (console)
		to_console(line, PREFIX + len + 1);
	if (syslog)
		to_syslog(line + PREFIX, len);
	errno = saved;
}

void log_msg(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vlog(true, true, fmt, ap);
	va_end(ap);
}

void log_to(bool console, bool syslog, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vlog(console, syslog, fmt, ap);
	va_end(ap);
}

void log_once(bool *said, const char *fmt, ...)
{
	va_list ap;
	if (*said)
		return;
	*said = true;
	va_start(ap, fmt);
	vlog(true, true, fmt, ap);
	va_end(ap);
}
