/*
 * when: shutdown's time argument (see when.h).
 */
#include "when.h"

#include <limits.h>
#include <stdbool.h>
#include <string.h>

#define MINUTES_A_DAY 1440

/* Digits only, at least one, no overflow past INT_MAX / 60. */
static bool read_number(const char *s, size_t len, long *out)
{
	long v = 0;

	if (len == 0)
		return false;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
		if (v > INT_MAX / 60)
			return false;
	}
	*out = v;
	return true;
}

/* "hh:mm": minutes as one or two digits. */
static bool read_clock(const char *s, long *hours, long *mins)
{
	const char *colon = strchr(s, ':');
	size_t mlen;

	if (colon == NULL)
		return false;
	mlen = strlen(colon + 1);
	if (mlen > 2)
		return false;
	return read_number(s, (size_t)(colon - s), hours) &&
	       read_number(colon + 1, mlen, mins) && *mins <= 59;
}

int when_parse(const char *when, int now_hour, int now_min, int *minutes)
{
	bool relative = false;
	long hours, mins;

	if (strcmp(when, "now") == 0) {
		*minutes = 0;
		return 0;
	}
	if (when[0] == '+') {
		relative = true;
		when++;
	}
	if (strchr(when, ':') == NULL) {
		if (!read_number(when, strlen(when), &mins))
			return -1;
		*minutes = (int)mins;
		return 0;
	}
	if (!read_clock(when, &hours, &mins))
		return -1;
	if (relative) {
		if (hours > WHEN_MAX_HOURS)
			return -1;
		*minutes = (int)(hours * 60 + mins);
		return 0;
	}
	if (hours > 23)
		return -1;
	int wt = (int)(hours * 60 + mins) - (now_hour * 60 + now_min);
	if (wt < 0)
		wt += MINUTES_A_DAY;
	*minutes = wt;
	return 0;
}

time_t when_target(const char *when, int minutes, time_t now, int now_sec)
{
	bool time_of_day = when[0] != '+' && strchr(when, ':') != NULL;

	if (time_of_day && minutes > 0)
		return now - now_sec + 60 * (time_t)minutes;
	return now + 60 * (time_t)minutes;
}
