/*
 * takeover: the start of an init executed into a running system
 * (telinit u, or sysvinit's or initsuite 0.1's re-exec): the state
 * received, or without a usable one recovered from what the system
 * shows.  Never a second boot.
 */
#ifndef TAKEOVER_H
#define TAKEOVER_H

#include "pid1.h"

/* v1_state, v1_fifo: initsuite 0.1's descriptors, or -1. */
void take_over(struct pid1 *p1, int v1_state, int v1_fifo);

#endif
