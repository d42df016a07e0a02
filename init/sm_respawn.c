/*
 * sm_respawn: the rate limit of whatever starts again by itself.
 */
#include "sm_int.h"

/* sysvinit's fail_cancel: a re-read or a level change lifts every
 * respawn limit, so that fixing the cause and `telinit q` is enough. */
void forget_respawn_limits(struct sm *sm)
{
	for (size_t i = 0; i < sm->tab->count; i++) {
		struct procrec *p = &sm->pt.procs[i];
		p->window_starts = 0;
		p->window_start = 0;
		p->disabled_until = 0;
	}
}

/* The rate limit of whatever starts again by itself: more than
 * SM_RESPAWN_MAX starts within the window pauses the entry instead of
 * spinning.  False when it paused it. */
bool may_start_again(struct sm *sm, struct sm_actions *out, size_t i,
		     int64_t now)
{
	struct procrec *p = &sm->pt.procs[i];

	if (p->window_starts == 0 || now - p->window_start >= SM_RESPAWN_WINDOW_MS) {
		p->window_start = now;
		p->window_starts = 0;
	}
	if (++p->window_starts > SM_RESPAWN_MAX) {
		p->window_starts = 0;
		p->disabled_until = now + SM_RESPAWN_PAUSE_MS;
		sm->pt.maybe_timed = true;
		say(sm, out, "Id \"%s\" respawning too fast: disabled for %d minutes",
		    sm->tab->entries[i].id, SM_RESPAWN_PAUSE_MS / 60000);
		return false;
	}
	return true;
}

void start_respawning(struct sm *sm, struct sm_actions *out, size_t i,
		      int64_t now)
{
	if (may_start_again(sm, out, i, now))
		start(sm, out, i);
}
