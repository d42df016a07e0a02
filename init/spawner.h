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

/* The order started by the spawner: the new process's pid, or -1 with
 * *err set.  *taken is false when the spawner could not take it (none
 * could be made, it is stuck or it died with the order): the caller
 * starts it some other way. */
pid_t spawner_start(const struct start_order *o, int *err, bool *taken);

#endif
