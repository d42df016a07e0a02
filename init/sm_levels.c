/*
 * sm_levels: which entries run in which level, starting a level's
 * entries, changing level, and telinit's requests (SM_EV_REQUEST): a level,
 * re-exec (u), or a/b/c, which sm_events.c takes.
 */
#include "sm_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* As sysvinit: an entry runs in the levels it names (its default when it
 * names none), and anywhere but single user once telinit a/b/c named it
 * (sysvinit's DEMAND flag). */
bool runs_in(const struct entry *e, const struct procrec *p, char level)
{
	if (p->od_active && level != 'S' && !action_is(e->action, AP_BOOT))
		return true;
	return (entry_levels(e) & level_bit(level)) != 0;
}

/* What a change to level stops: all that cannot run there, but boot
 * entries, which live through every level. */
bool must_stop_for(const struct entry *e, const struct procrec *p, char level)
{
	return !action_is(e->action, AP_LINGERS) && !runs_in(e, p, level);
}

/* As sysvinit, a run-once entry runs again only after a level that does
 * not hold it: "already ran" is forgotten for entries that cannot run in
 * level and are not running. */
void forget_ran_outside(struct sm *sm, char level)
{
	for (size_t i = 0; i < sm->tab->count; i++) {
		struct procrec *p = &sm->pt.procs[i];
		const struct entry *e = &sm->tab->entries[i];
		if (p->ran && p->pid == 0 && action_is(e->action, AP_LEVELS) &&
		    !runs_in(e, p, level))
			p->ran = false;
	}
	sm->settled = 0;
}

/* Into a level at the end of boot or of single user, as sysvinit's
 * boot_transitions: announced, recorded, and "no more processes" said
 * once it settles.  A change requested by telinit is announced and
 * recorded when it starts (change_level) and ends here quietly. */
void enter_level(struct sm *sm, struct sm_actions *out, char level,
		 char prev, bool announce)
{
	sm->prev = prev;
	sm->level = level;
	sm->phase = SM_PH_RUNNING;
	forget_ran_outside(sm, level);
	if (!announce)
		return;
	sm->settle_to_say = true;
	say(sm, out, "Entering runlevel: %c", level);
	runlevel_record(sm, out, level, prev);
}

void change_level(struct sm *sm, struct sm_actions *out, char level,
		  int grace_ms, struct inittab *t, int64_t now)
{
	if (level == 'S')
		say(sm, out, "Going single user");
	else
		say(sm, out, "Switching to runlevel: %c", level);
	/* Recorded now, so the rc scripts the change runs see it. */
	runlevel_record(sm, out, level, sm->level);
	sm->prev = sm->level;
	sm->target = level;
	sm->phase = SM_PH_CHANGING;
	sm->grace_ms = grace_ms >= 0 ? grace_ms : SM_GRACE_DEFAULT_MS;
	retable(sm, out, t ? t : sm->tab, level, now);
}

/* Start what the current level wants, in file order; a running `wait`
 * entry holds back everything after it.  Returns true when nothing is
 * held back: the level is fully entered. */
bool start_level_entries(struct sm *sm, struct sm_actions *out,
			 int64_t now)
{
	for (size_t i = sm->settled; i < sm->tab->count; i++) {
		struct procrec *p = &sm->pt.procs[i];
		const struct entry *e = &sm->tab->entries[i];
		bool waited = action_is(e->action, AP_WAITED);

		/* This runs after every event, and part way through a long
		 * boot most of the table has run its course, or is not for
		 * this pass at all (initdefault, boot and event entries):
		 * pass over those entries first, and for good when they
		 * lead the table. */
		if (!action_is(e->action, AP_LEVELS) ||
		    (p->ran && action_is(e->action, AP_ONCE) && (!waited || p->pid == 0))) {
			if (i == sm->settled)
				sm->settled++;
			continue;
		}
		if (p->stopping || !runs_in(e, p, sm->level) || leftover_holds_id(sm, e->id))
			continue;
		if (p->disabled_until > now || p->retry_at > now) {
			if (waited && !p->ran)
				return false;
			continue;
		}
		if (action_is(e->action, AP_ONCE)) {
			if (!p->ran) {
				p->ran = true;
				start(sm, out, i);
			}
			if (waited && p->pid != 0)
				return false;
		} else if (action_is(e->action, AP_RESPAWN) && p->pid == 0) {
			start_respawning(sm, out, i, now);
		}
	}
	return true;
}

/* telinit u: re-exec, once boot is over, in S and 0-6. */
static void on_reexec_request(struct sm *sm, struct sm_actions *out,
			      const struct sm_event *ev)
{
	drop_table(ev->table);
	if (sm_booting(sm)) {
		say(sm, out, "re-exec refused while booting");
		reexec_refused(sm, out, ev->nonce, "re-exec refused while booting");
		return;
	}
	/* As sysvinit's my_re_exec: only from S and 0-6, and said. */
	if (sm->level >= '7' && sm->level <= '9') {
		say_to(sm, out, SM_LOG_SYSLOG, "Trying to re-exec init");
		char why[80];
		snprintf(why, sizeof(why), "re-exec ignored in runlevel %c, as sysvinit does",
			 sm->level);
		reexec_refused(sm, out, ev->nonce, why);
		return;
	}
	struct sm_action *a = emit(sm, out, SM_REEXEC);
	if (a && ev->nonce && *ev->nonce && !(a->text = strdup(ev->nonce)))
		sm->oom = true;
}

/* telinit with a level ('0'-'9', 'S'): what it means depends on the
 * phase. */
static void on_level(struct sm *sm, struct sm_actions *out,
		     const struct sm_event *ev, int64_t now)
{
	char level = ev->level;

	if (!level_bit(level)) {
		drop_table(ev->table);
		say(sm, out, "ignoring request for unknown runlevel '%c'", level);
		return;
	}
	waiter_add(sm, ev->nonce);
	switch (sm->phase) {
	case SM_PH_NEW:
	case SM_PH_SYSINIT:
	case SM_PH_BOOT:
		drop_table(ev->table);
		sm->boot.requested = level;
		return;
	case SM_PH_ASK_BOOT:
		/* Asked after sysinit: any answer will do. */
		drop_table(ev->table);
		after_sysinit(sm, level);
		return;
	case SM_PH_ASK_SINGLE:
		single_user_request(sm, out, ev, now);
		return;
	case SM_PH_RUNNING:
		/* As sysvinit, the level it is in is not asked for again. */
		if (level == sm->level) {
			drop_table(ev->table);
			return;
		}
		/* fall through */
	case SM_PH_CHANGING:
		change_level(sm, out, level, ev->grace_ms,
			     usable_table(sm, out, ev->table), now);
		return;
	}
}

void on_request(struct sm *sm, struct sm_actions *out,
		const struct sm_event *ev, int64_t now)
{
	switch (ev->level) {
	case 'U':
		on_reexec_request(sm, out, ev);
		return;
	case 'a': case 'b': case 'c':
		on_demand(sm, out, ev, now);
		return;
	default:
		on_level(sm, out, ev, now);
		return;
	}
}
