/*
 * warn: the warning schedule and texts (see warn.h).
 */
#include "warn.h"

#include <stdio.h>
#include <string.h>

bool warn_scheduled(int wt, enum sd_quiet quiet)
{
	switch (quiet) {
	case SD_QUIET_ALL:
		return false;
	case SD_QUIET_SOME:
		return wt == 10 || wt == 5 || wt % 60 == 0;
	case SD_QUIET_NONE:
		break;
	}
	if (wt < 10)
		return true;
	if (wt < 60)
		return wt % 15 == 0;
	if (wt < 180)
		return wt % 30 == 0;
	return wt % 60 == 0;
}

bool warn_at_start(int wt, enum sd_quiet quiet)
{
	return wt < 15 && !warn_scheduled(wt, quiet);
}

struct warn_step warn_next(time_t target, time_t now)
{
	struct warn_step s = { 0, 0 };

	if (now >= target)
		return s;
	time_t left = target - now;
	s.wt = (int)((left + WARN_TICK_S - 1) / WARN_TICK_S);
	s.sleep_s = (int)(left - (time_t)(s.wt - 1) * WARN_TICK_S);
	return s;
}

void warn_text(char *buf, size_t size, const char *message,
	       const char *newstate, int mins)
{
	if (mins == 0)
		snprintf(buf, size, "%s\rThe system is going down %s NOW!\r\n",
			 message, newstate);
	else
		snprintf(buf, size, "%s\rThe system is going DOWN %s in %d minute%s!\r\n",
			 message, newstate, mins, mins == 1 ? "" : "s");
}

void warn_banner(char *buf, size_t size, const char *user, const char *host,
		 const char *tty, const char *date)
{
	char ttypart[64] = "";

	if (tty != NULL)
		snprintf(ttypart, sizeof(ttypart), "(%.32s) ", tty);
	snprintf(buf, size, "\r\nBroadcast message from %s@%s %s(%s):\r\n\r\n",
		 user, host, ttypart, date);
}

void warn_escape(char *out, size_t size, const char *text)
{
	size_t n = 0;

	if (size == 0)
		return;
	for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
		char pair[3] = { (char)*p, 0, 0 };
		if (!(*p == '\t' || *p == '\r' || *p == '\n' ||
		      (*p >= 32 && *p <= 127) || *p >= 160)) {
			pair[0] = '^';
			pair[1] = (char)((*p & 0x1f) + 'A' - 1);
		}
		size_t len = strlen(pair);
		if (n + len >= size)
			break;
		memcpy(out + n, pair, len);
		n += len;
	}
	out[n] = '\0';
}

void warn_nologin(char *buf, size_t size, const char *date,
		  const char *message)
{
	snprintf(buf, size, "\rThe system is going down on %s\r\n%s", date, message);
}
