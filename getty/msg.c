/* getty's messages: standard error and, once open, syslog; a fatal one
 * pauses before the exit. */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <syslog.h>
#include <time.h>

#include <bsd/stdlib.h>

#include "msg.h"

/* Pause before a fatal exit: init respawns at most 10 times in 2 minutes,
 * so 15 s keeps a broken line from being disabled by its own storm. */
#define ERROR_DELAY_DEFAULT 15

const char *progname = "getty";
static bool log_open;

void msg_syslog(const char *ident)
{
	closelog();
	openlog(ident, LOG_PID, LOG_AUTH);
	log_open = true;
}

static void say(int prio, const char *fmt, va_list ap)
{
	char msg[512];
	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (log_open)
		syslog(prio, "%s", msg);
	fprintf(stderr, "%s: %s\n", progname, msg);
}

void warn_msg(const char *fmt, ...)
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
	if (env) {
		const char *e = NULL;
		long long v = strtonum(env, 0, 3600, &e);
		if (!e)
			return (unsigned)v;
	}
	return ERROR_DELAY_DEFAULT;
}

void fatal(const char *fmt, ...)
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
