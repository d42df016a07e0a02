/*
 * stopreq: stop requests from outside carried out (see stopplan.h for
 * what each signal asks), and their end inside a container.
 */
#ifndef STOPREQ_H
#define STOPREQ_H

#include <stdbool.h>

#include "initreq.h"
#include "pid1.h"

/* How main.c takes a request of the FIFO's; the stop goes the same way. */
typedef void stop_send_fn(void *ctx, const struct initreq_msg *m);

/* If signal signo (power: the power-status letter read for SIGPWR) asks
 * init to stop, the SETENV and level requests that shutdown would send
 * go through send, and true is returned. */
bool stop_requested(struct pid1 *p1, int signo, char power, stop_send_fn *send);

/* Once a turn.  When the level a stop request asked for has been
 * reached and nothing of it runs any more, init in a child PID namespace
 * calls reboot(2) itself, so that the container's manager sees its init
 * die of SIGINT (power-off) or SIGHUP (reboot).  On a machine of its own
 * it leaves the end to rc 0 or 6 (halt, reboot), as sysvinit does. */
void stop_check(struct pid1 *p1);

#endif
