/*
 * takeover: the start after a re-exec (see takeover.h).
 */
#include "takeover.h"

#include <stdio.h>

#include "clock.h"
#include "initctl.h"
#include "log.h"
#include "recover.h"
#include "reexec.h"
#include "statusout.h"

/* Executed into a running system (telinit u): its state comes on a pipe,
 * from us or from sysvinit; without one that can be used, what the system
 * shows stands in for it.  Never a second boot. */
void take_over(struct pid1 *p1, int v1_state, int v1_fifo)
{
	char why[256] = "", summary[768];
	int r;

	/* A telinit u may not have read the answer that sent us here. */
	status_keep_previous(&p1->asks, clock_ms());
	if (v1_state >= 0) {
		if (v1_fifo >= 0)
			initctl_adopt(&p1->ctl, v1_fifo);
		r = reexec_restore_v1(p1->sm, v1_state, clock_ms(), &p1->acts) == 0 ? 1 : -1;
		if (r < 0)
			snprintf(why, sizeof(why), "the state of initsuite 0.1 cannot be read");
	} else {
		r = reexec_receive(p1->sm, clock_ms(), &p1->acts, why, sizeof(why));
	}
	if (r == 1) {
		log_to(true, false, "version %s reloading", PACKAGE_VERSION);
		return;
	}
	if (recover(p1->sm, clock_ms(), &p1->acts, summary, sizeof(summary)) != 0)
		snprintf(summary, sizeof(summary), "out of memory: nothing recovered");
	log_msg("version %s reloading without a usable state (%s): %s", PACKAGE_VERSION,
		why, summary);
}
