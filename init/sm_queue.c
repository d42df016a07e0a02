/*
 * sm_queue: telinit's requests (a level, q, a/b/c, u) that come while a
 * change is still stopping what it stopped.  sysvinit makes a change in
 * one go (TERM, the grace period, KILL) and reads its FIFO only after it
 * and the new level's first starts; so a request is kept here until then
 * and each level is recorded with the level before it, not the one the
 * interrupted change came from.
 */
#include "sm_int.h"

#include <string.h>

#include <bsd/string.h>

/* A request now, or kept for the end of the change. */
void take_request(struct sm *sm, struct sm_actions *out,
		  const struct sm_event *ev, int64_t now)
{
	if (sm->phase != SM_PH_CHANGING) {
		run_request(sm, out, ev, now);
		return;
	}
	/* Its telinit -W is answered once all is settled; the nonce is
	 * borrowed, so it is noted now. */
	if (!(ev->type == SM_EV_REQUEST && ev->level == 'U'))
		waiter_add(sm, ev->nonce);
	if (sm->queue.n == SM_QUEUE_MAX) {
		drop_table(ev->table);
		say(sm, out, "too many requests during a runlevel change: one ignored");
		if (ev->type == SM_EV_REQUEST && ev->level == 'U')
			reexec_refused(sm, out, ev->nonce,
				       "too many requests during a runlevel change");
		return;
	}
	struct sm_event *q = &sm->queue.ev[sm->queue.n];
	*q = *ev;
	q->nonce = NULL;
	strlcpy(sm->queue.u_nonce[sm->queue.n],
		ev->type == SM_EV_REQUEST && ev->level == 'U' && ev->nonce ? ev->nonce : "",
		sizeof(sm->queue.u_nonce[0]));
	sm->queue.n++;
}

void run_request(struct sm *sm, struct sm_actions *out,
		 const struct sm_event *ev, int64_t now)
{
	if (ev->type == SM_EV_RELOAD)
		on_reload(sm, out, ev, now);
	else
		on_request(sm, out, ev, now);
}

/* A start whose answer (SM_EV_SPAWNED) has not come: a request may
 * bring a new table, and the answer names its entry by index. */
static bool spawn_unanswered(const struct sm *sm)
{
	for (size_t i = 0; i < sm->tab->count; i++)
		if (sm->pt.procs[i].pid == PID_PENDING)
			return true;
	return false;
}

/* The oldest request kept, run now.  False when none was kept, or when
 * it must wait for the answers to this step's starts. */
bool queue_run(struct sm *sm, struct sm_actions *out, int64_t now)
{
	if (sm->queue.n == 0 || spawn_unanswered(sm))
		return false;
	struct sm_event ev = sm->queue.ev[0];
	char nonce[sizeof(sm->queue.u_nonce[0])];
	memcpy(nonce, sm->queue.u_nonce[0], sizeof(nonce));
	if (*nonce)
		ev.nonce = nonce;
	memmove(&sm->queue.ev[0], &sm->queue.ev[1],
		--sm->queue.n * sizeof(sm->queue.ev[0]));
	memmove(&sm->queue.u_nonce[0], &sm->queue.u_nonce[1],
		sm->queue.n * sizeof(sm->queue.u_nonce[0]));
	run_request(sm, out, &ev, now);
	return true;
}

bool queue_waits(const struct sm *sm)
{
	return sm->queue.n > 0;
}

void queue_free(struct sm *sm)
{
	for (size_t i = 0; i < sm->queue.n; i++)
		drop_table(sm->queue.ev[i].table);
	sm->queue.n = 0;
}
