/*
 * state_v1: the re-exec state text of initsuite 0.1 ("initsuite-state 1",
 * positional fields a line), read: a newer init takes over from 0.1.
 * Nothing writes it any more.  Pure.
 */
#ifndef STATE_V1_H
#define STATE_V1_H

#include "inittab.h"
#include "sm.h"

#define STATE_V1_MAGIC "initsuite-state 1\n"

/*
 * Fill out from text.  env strings point into *pool (malloc'd; free it
 * and out->procs when done).  A line that cannot be read is reported
 * through diag and skipped.  Returns -1 when the text is no such state
 * or holds no level line, or when memory ran out.
 */
int state_v1_parse(const char *text, struct sm_saved *out, char **pool,
		   inittab_diag_fn diag, void *ctx);

#endif
