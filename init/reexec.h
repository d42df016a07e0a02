/*
 * reexec: `telinit u`.  init replaces itself with the program at its own
 * path, passing the machine's state (and the FIFO, so that no request is
 * lost) across exec; the new init takes the state back.
 */
#ifndef REEXEC_H
#define REEXEC_H

#include <stdint.h>

#include "sm.h"

/* Returns only when the exec failed (logged). */
void reexec(const char *self, const struct sm *sm, int fifofd);

/* Load what the old init left on statefd into a freshly built machine
 * (statefd is closed).  -1 when it cannot be used. */
int reexec_restore(struct sm *sm, int statefd, int64_t now, struct sm_actions *out);

#endif
