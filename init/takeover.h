/*
 * takeover: the start of an init executed into a running system.
 */
#ifndef TAKEOVER_H
#define TAKEOVER_H

#include "pid1.h"

void take_over(struct pid1 *p1, int v1_state, int v1_fifo);

#endif
