/*
 * sm_single: single user: its end, the question asked then, and starting
 * it over.
 */
#include "sm_int.h"

/* Single user starting over, as sysvinit when the default level is S
 * itself: the run-once entries of S alone (runlevels field "S": sulogin)
 * run again, through the rate limit, so a sulogin that cannot open the
 * console does not spin.  True when one is to run again. */
static bool restart_single_user(struct sm *sm, struct sm_actions *out, int64_t now)
{
	bool again = false;

	for (size_t i = 0; i < sm->tab->count; i++) {
		const struct entry *e = &sm->tab->entries[i];
		struct procrec *p = &sm->pt.procs[i];

		if (e->levels != LEVEL_S_BIT || !e->levels_given ||
		    !action_is(e->action, AP_ONCE) || !p->ran || p->pid != 0)
			continue;
		/* Paused or not, it is due: a pause only holds it back. */
		may_start_again(sm, out, i, now);
		p->ran = false;
		again = true;
	}
	if (again)
		sm->settled = 0;
	return again;
}

/* Out of single user into another level, as sysvinit: the boot entries
 * first when single user came at boot. */
static void leave_single_user(struct sm *sm, struct sm_actions *out, char level)
{
	if (!sm->boot.done) {
		/* A request while the boot entries run goes before it. */
		sm->boot.requested = 0;
		sm->boot.target = level;
		sm->phase = SM_PH_BOOT;
	} else {
		enter_level(sm, out, level, 'S', true);
	}
}

/* The answer to the question asked at the end of single user.  S starts
 * it over; when nothing of it can run again the question is asked again,
 * as sysvinit's ask_runlevel loops, unless the console gave no answer at
 * all: then init stays in single user rather than ask in a loop. */
static void single_user_answered(struct sm *sm, struct sm_actions *out,
				 const struct sm_event *ev, int64_t now)
{
	if (ev->level != 'S') {
		leave_single_user(sm, out, ev->level);
		return;
	}
	if (restart_single_user(sm, out, now) || ev->no_answer) {
		sm->phase = SM_PH_RUNNING;
		return;
	}
	emit(sm, out, SM_ASK_LEVEL);
}

/* Single user is over once nothing but `boot` entries runs in it.  As
 * sysvinit, the default level follows (see leave_single_user); without
 * one, the console is asked for a level.  Returns true when it moved on. */
bool end_single_user(struct sm *sm, struct sm_actions *out, int64_t now)
{
	char to = sm->tab->initdefault;

	if (sm->level != 'S' || level_has_processes(sm))
		return false;
	if (to && to != 'S') {
		leave_single_user(sm, out, to);
		return true;
	}
	if (!sm->single.started)
		return false;
	sm->single.started = false;
	if (to == 'S')
		return restart_single_user(sm, out, now);
	sm->phase = SM_PH_ASK_SINGLE;
	emit(sm, out, SM_ASK_LEVEL);
	return true;
}

/* A level request while asked at the end of single user.  A telinit
 * request for another level is what it is in single user, a change
 * (sysvinit's read_level); the console's answer, or S, is the answer
 * (its get_init_default), with inittab as it is now (edited in single
 * user, say). */
void single_user_request(struct sm *sm, struct sm_actions *out,
			 const struct sm_event *ev, int64_t now)
{
	if (!ev->asked && ev->level != 'S') {
		sm->phase = SM_PH_RUNNING;
		change_level(sm, out, ev->level, ev->grace_ms,
			     usable_table(sm, out, ev->table), now);
		return;
	}
	struct inittab *t = usable_table(sm, out, ev->table);
	if (t)
		retable(sm, out, t, 'S', now);
	single_user_answered(sm, out, ev, now);
}
