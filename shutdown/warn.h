/*
 * warn: what shutdown tells the users and when, as sysvinit 3.06 does:
 * the warning schedule, the words of each warning, the wall banner, the
 * nologin text.  Pure: times and names are passed in, text comes out.
 */
#ifndef SHUTDOWN_WARN_H
#define SHUTDOWN_WARN_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "options.h"

#define WARN_NOLOGIN_MINUTES 5   /* logins stop this long before */
#define WARN_TICK_S          60  /* the countdown's step */

/* Whether the countdown warns with wt minutes left. */
bool warn_scheduled(int wt, enum sd_quiet quiet);

/* Whether a warning goes out at once, before the countdown: a time under
 * 15 minutes that the schedule would pass over (sysvinit does this even
 * with -q and -Q). */
bool warn_at_start(int wt, enum sd_quiet quiet);

/* Where the countdown stands: wt, the minutes left, rounded up (0: the
 * time has come), and how long to sleep until the next whole minute
 * before the target.  Recomputed from the clock at every step, so that a
 * late wake-up or a suspend never shifts the warnings.  (sysvinit 3.06
 * rounds down and sleeps out its last minute at once, so it never says
 * "in 1 minute"; the schedule above is what its manual promises.) */
struct warn_step {
	int wt;
	int sleep_s;
};
struct warn_step warn_next(time_t target, time_t now);

/* message (as sd_opts has it), then "\rThe system is going DOWN <newstate>
 * in N minute(s)!\r\n", or "... down <newstate> NOW!\r\n" for 0. */
void warn_text(char *buf, size_t size, const char *message,
	       const char *newstate, int mins);

/* "\r\nBroadcast message from USER@HOST (TTY) (DATE):\r\n\r\n"; tty is
 * the line without /dev/ or NULL, date as ctime's without its newline. */
void warn_banner(char *buf, size_t size, const char *user, const char *host,
		 const char *tty, const char *date);

/* The text as a terminal should get it: tab, CR, LF and printable Latin-1
 * kept, other control bytes as ^X. */
void warn_escape(char *out, size_t size, const char *text);

/* /run/nologin's content: "\rThe system is going down on DATE\r\n"
 * (date as ctime gives it, newline included) then the message. */
void warn_nologin(char *buf, size_t size, const char *date,
		  const char *message);

#endif
