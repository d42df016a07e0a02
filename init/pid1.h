/*
 * pid1: what PID 1's shell holds while it runs, shared by its rooms
 * (main.c, pid1setup.c, perform.c, takeover.c).
 */
#ifndef PID1_H
#define PID1_H

#include <stdbool.h>
#include <stddef.h>

#include "ask.h"
#include "initctl.h"
#include "sm.h"
#include "statusout.h"

struct pid1 {
	struct sm *sm;
	struct sm_actions acts;
	struct initctl ctl;
	int sigfd;
	int mounts_fd;          /* /proc/self/mountinfo, polled for changes */
	bool check_fifo;        /* the FIFO may be gone: look (a path lookup) */
	struct ask ask;         /* the console while asking for a runlevel */
	const char *self;       /* the path to re-exec */
	char shown_level;       /* the level in our process title */
	struct status_asks asks;  /* telinit status requests, and recent answers */
	char stop_level;        /* a stop request's level, until reached (stopreq.c) */
};

#endif
