/*
 * reexec: `telinit u`, sysvinit's way, in both directions.  init replaces
 * itself with whatever program is at its own path (ours or sysvinit's),
 * run as `PATH --init` with the machine's state on a pipe on descriptor
 * HANDOVER_FD (lib/handover.h); and init started that way takes the state
 * back, whichever init wrote it.  The state of initsuite 0.1 (`--reexec
 * STATEFD FIFOFD`) is still taken, once, from an older init.
 */
#ifndef REEXEC_H
#define REEXEC_H

#include <stddef.h>
#include <stdint.h>

#include "sm.h"

/* Returns only when the re-exec was not done (the program at self was
 * refused, or the exec failed): why says why, in the line logged.
 * ready(ctx) runs once all is set and only the exec is left: the last
 * moment to tell telinit u it is done. */
void reexec(const char *self, const struct sm *sm, void (*ready)(void *ctx), void *ctx,
	    char *why, size_t whysize);

/*
 * Take the state on HANDOVER_FD into a freshly built machine, and close
 * the descriptor.  Returns 1 when it was taken, 0 when there was no pipe,
 * -1 when what came cannot be used; why says why not.
 */
int reexec_receive(struct sm *sm, int64_t now, struct sm_actions *out,
		   char *why, size_t whysize);

/* The state initsuite 0.1 left on statefd (closed here).  -1 when it
 * cannot be used. */
int reexec_restore_v1(struct sm *sm, int statefd, int64_t now, struct sm_actions *out);

#endif
