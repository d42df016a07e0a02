/*
 * procrec: the one record of what init knows of an entry's process (or
 * of a leftover: a process whose entry left the table), shared by the
 * state machine, the re-exec hand-over and recovery, so that handing it
 * on is an assignment.  Plain data, no functions.
 */
#ifndef PROCREC_H
#define PROCREC_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#define PROCREC_ID_MAX 4       /* utmp's ut_id, inittab's id field */

struct procrec {
	char id[PROCREC_ID_MAX + 1];
	pid_t pid;               /* > 0 running, 0 none (the machine has -1
	                            while it is being spawned) */
	bool leftover;           /* its entry left the table: being stopped */
	bool no_utmp;            /* leftover: no DEAD_PROCESS record at its end */
	/* Being stopped: TERM sent (stopping), then KILL (killed), then it
	 * seems to hang (hung: KILL has not ended it either).  stage_ends_at:
	 * when the current stage's time is up, the grace after TERM or the
	 * allowance after KILL (0 once hung). */
	bool stopping, killed, hung;
	int64_t stage_ends_at;
	bool ran;                /* run-once actions: ran in a level holding it */
	bool od_active;          /* named by telinit a/b/c: runs anywhere but S */
	bool event_pending;      /* power/ctrlaltdel/kbrequest: due to start */
	int64_t disabled_until;  /* respawning too fast; 0 when not */
	int64_t retry_at;        /* fork failed; 0 when not */
	int64_t window_start;    /* the respawn window: when it began */
	unsigned window_starts;  /* ... and the starts within it */
	unsigned starts;
	bool has_status;
	int last_status;         /* wait status of the last exit */
};

#endif
