/*
 * recover: init executed into a running system without a state it can use
 * (`--init` with no pipe or a broken one, an older init's state that
 * cannot be read) takes what the system shows for its state, so that
 * nothing is booted twice: this boot's RUN_LVL record in utmp for the
 * level, live processes of entries (their utmp slots, or their command
 * lines among init's children) for what runs, and everything of boot and
 * of the level taken as done.
 */
#ifndef RECOVER_H
#define RECOVER_H

#include <stddef.h>
#include <stdint.h>

#include "sm.h"

/* Put the recovered state into a freshly built machine.  summary gets one
 * line: what was recovered and what was not.  -1 when even that failed
 * (no memory). */
int recover(struct sm *sm, int64_t now, struct sm_actions *out,
	    char *summary, size_t size);

#endif
