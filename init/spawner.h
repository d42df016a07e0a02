/*
 * spawner: the process that makes init's children.  init hands it each
 * start order and gets the new process's pid back; the new process is
 * init's own child (CLONE_PARENT), so init reaps it as before.  The
 * spawner is a fork of init made at the first start, and it leaves once
 * no order has come for a while: an idle init has no spawner.
 */
#ifndef SPAWNER_H
#define SPAWNER_H

#include <stdbool.h>
#include <sys/types.h>

#include "startorder.h"

enum spawner_sent {
	SPAWNER_SENT,               /* its answer is to be read */
	SPAWNER_BUSY,               /* not now: read an answer first */
	SPAWNER_REFUSED,            /* no spawner can take it: start it
				     * another way */
};

/* The order handed to the spawner (made when there is none).  Orders
 * may be sent ahead of their answers; BUSY comes only while some are in
 * flight. */
enum spawner_sent spawner_send(const struct start_order *o);

/* The answer to the oldest order in flight: the new process's pid, or
 * -1 with *err set.  False when the spawner was lost with it (stuck for
 * seconds, or gone): it and every order still in flight are to be
 * started another way. */
bool spawner_reply(pid_t *pid, int *err);

#endif
