/*
 * when: shutdown's time argument ("now", "m", "+m", "hh:mm", "+hh:mm")
 * turned into minutes from now, as sysvinit 3.06 reads it.  Pure: the
 * wall clock's hour and minute are passed in.
 */
#ifndef SHUTDOWN_WHEN_H
#define SHUTDOWN_WHEN_H

#include <time.h>

/* The longest relative time accepted, in hours (as sysvinit's +hh:mm). */
#define WHEN_MAX_HOURS 99999

/*
 * Minutes from now until the time `when` names, given the local time of
 * day now_hour:now_min.  hh:mm is the next such wall-clock time (today,
 * or tomorrow when it has passed; the current minute is 0).  Returns 0
 * and sets *minutes, or -1 when `when` is not one of the forms.
 */
int when_parse(const char *when, int now_hour, int now_min, int *minutes);

/*
 * The moment the countdown ends, for `when` (already parsed into minutes,
 * wt) given at now, whose seconds past the minute are now_sec: a time of
 * day is reached at its minute's start; a relative time wt whole minutes
 * from now.
 */
time_t when_target(const char *when, int minutes, time_t now, int now_sec);

#endif
