/*
 * log: init's messages, to the console and syslog (see log.h).
 */
#include "log.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define LOG_DAEMON_INFO 30   /* facility daemon (3) * 8 + info (6), as sysvinit */

static void to_console(const char *line, size_t len)
{
	int fd = open("/dev/console",
		      O_WRONLY | O_NOCTTY | O_NONBLOCK | O_APPEND | O_CLOEXEC);
	if (fd < 0) {
		/* Not PID 1 of a real system (a test, a container): stderr. */
		(void)!write(STDERR_FILENO, line, len);
		return;
	}
	(void)!write(fd, line, len);
	close(fd);
}

static void to_syslog(const char *msg)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX, .sun_path = "/dev/log" };
	char buf[1024];
	int fd, len;

	if (access("/dev/log", F_OK) != 0)
		return;
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return;
	len = snprintf(buf, sizeof(buf), "<%d>init: %s", LOG_DAEMON_INFO, msg);
	if (len > 0)
		(void)sendto(fd, buf, (size_t)len < sizeof(buf) ? (size_t)len : sizeof(buf) - 1,
			     MSG_DONTWAIT | MSG_NOSIGNAL, (struct sockaddr *)&addr, sizeof(addr));
	close(fd);
}

static void vlog(bool console, bool syslog, const char *fmt, va_list ap)
{
	char msg[1024], line[1100];
	int saved = errno;

	vsnprintf(msg, sizeof(msg), fmt, ap);
	int len = snprintf(line, sizeof(line), "INIT: %s\n", msg);
	if (len > (int)sizeof(line) - 1)
		len = sizeof(line) - 1;
	if (console)
		to_console(line, (size_t)len);
	if (syslog)
		to_syslog(msg);
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
