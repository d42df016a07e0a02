/*
 * sm_events: entries started by an event: power, Ctrl-Alt-Del, the
 * keyboard request, and telinit a/b/c (ondemand).
 */
#include "sm_int.h"

#include <stdlib.h>

/* Power and keyboard entries start once their event has come and the
 * level holds them, in file order.  As sysvinit has them, the power and
 * Ctrl-Alt-Del entries come first, and a waited one (powerwait...) holds
 * back everything after it, kbrequest and the level's entries included,
 * until it has exited.  Returns false while one does. */
bool start_events(struct sm *sm, struct sm_actions *out, int64_t now)
{
	/* Most tables have none: not two passes after every event. */
	if (!sm->has_events)
		return true;
	for (size_t k = 0; k < 2 * sm->tab->count; k++) {
		size_t i = k % sm->tab->count;
		struct procrec *p = &sm->pt.procs[i];
		const struct entry *e = &sm->tab->entries[i];
		bool waited = action_is(e->action, AP_WAITED);

		/* First pass the power group, second pass kbrequest. */
		if (!action_is(e->action, AP_EVENT) ||
		    action_is(e->action, AP_ON_KBREQUEST) != (k >= sm->tab->count))
			continue;
		if (p->pid != 0) {
			if (waited && !seems_to_hang(p))
				return false;
			continue;
		}
		if (!p->event_pending || p->retry_at > now || !runs_in(e, p, sm->level))
			continue;
		p->event_pending = false;
		start(sm, out, i);
		if (waited)
			return false;
	}
	return true;
}

/* An event came: the entries it starts (AP_ON_*) are due. */
void trigger(struct sm *sm, unsigned on_event)
{
	for (size_t i = 0; i < sm->tab->count; i++)
		if (action_is(sm->tab->entries[i].action, on_event))
			sm->pt.procs[i].event_pending = true;
}

/* telinit a, b or c: as sysvinit, re-read, then every entry that names
 * the letter may run (again) in any level but single user, where the
 * request is ignored. */
void on_demand(struct sm *sm, struct sm_actions *out,
	       const struct sm_event *ev, int64_t now)
{
	unsigned bit = ev->level == 'a' ? LEVEL_A_BIT :
		       ev->level == 'b' ? LEVEL_B_BIT : LEVEL_C_BIT;
	struct inittab *t = usable_table(sm, out, ev->table);

	say_to(sm, out, SM_LOG_SYSLOG, "Activating demand-procedures for '%c'",
	       ev->level - 'a' + 'A');
	waiter_add(sm, ev->nonce);
	if (sm_booting(sm)) {
		drop_table(t);
		return;
	}
	if (ev->grace_ms >= 0)
		sm->grace_ms = ev->grace_ms;
	if (t)
		retable(sm, out, t, sm->level, now);
	else
		forget_respawn_limits(sm);
	hold_starts_until_stopped(sm);
	if (sm->level == 'S')
		return;
	for (size_t i = 0; i < sm->tab->count; i++) {
		if (sm->tab->entries[i].levels & bit) {
			sm->pt.procs[i].od_active = true;
			sm->pt.procs[i].ran = false;
		}
	}
	sm->settled = 0;
}
