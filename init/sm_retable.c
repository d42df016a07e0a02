/*
 * sm_retable: a table taking the place of the current one (reload, or a
 * level change that re-read inittab): what is kept, what is stopped.
 */
#include "sm_int.h"


#include <stdlib.h>
#include <string.h>

#include <bsd/stdlib.h>

/* Whether t has power or keyboard entries (most have none). */
bool has_event_entries(const struct inittab *t)
{
	for (size_t i = 0; i < t->count; i++)
		if (action_is(t->entries[i].action, AP_EVENT))
			return true;
	return false;
}

/* The process of old's entry, not kept: stopped (unless it is being
 * stopped already) as the process of its new entry p, or, when there is
 * none, as a leftover. */
static void stop_not_kept(struct sm *sm, struct sm_actions *out,
			  const struct entry *old, struct procrec was,
			  struct procrec *p, int64_t now)
{
	if (!p) {
		was.no_utmp = old->no_utmp;
		leftover_add(sm, out, &was, now);
		return;
	}
	p->pid = was.pid;
	if (!was.stopping) {
		stop(sm, out, p, now);
		return;
	}
	p->stopping = true;
	p->killed = was.killed;
	p->hung = was.hung;
	p->stage_ends_at = was.stage_ends_at;
	sm->pt.maybe_timed = true;
}

/*
 * sysvinit's read_inittab: table t takes the place of the current one (t
 * may be the current one itself, when nothing was re-read) for level.  An
 * entry keeps its process and all it knows when its id is still there
 * with the same action and it may run in level by what it said before: a
 * changed command or levels take effect at its next start, and a changed
 * `once` does not run again.  Any other process is stopped: TERM now, KILL
 * after the grace period.  Respawn limits are lifted.  Returns the number
 * of entries that kept their state.
 */
unsigned retable(struct sm *sm, struct sm_actions *out, struct inittab *t,
		 char level, int64_t now)
{
	bool fresh = t != sm->tab, announced = false;
	struct procrec *procs = sm->pt.procs;
	unsigned kept = 0;

	if (fresh && !(procs = calloc(t->count ? t->count : 1, sizeof(*procs)))) {
		inittab_free(t);
		free(t);
		sm->oom = true;
		return 0;
	}
	for (size_t i = 0; i < sm->tab->count; i++) {
		const struct entry *old = &sm->tab->entries[i];
		const struct entry *e = fresh ? inittab_find(t, old->id) : old;
		struct procrec was = sm->pt.procs[i];
		struct procrec *p = e ? &procs[e - t->entries] : NULL;

		/* Booting ('N'), nothing is stopped for the level. */
		if (e && e->action == old->action &&
		    (level == 'N' || !must_stop_for(old, &was, level))) {
			*p = was;
			kept++;
			continue;
		}
		if (p)
			memset(p, 0, sizeof(*p));
		if (was.pid <= 0)
			continue;
		if (!was.stopping && !announced) {
			say_to(sm, out, SM_LOG_CONSOLE,
			       "Sending processes configured via /etc/inittab the TERM signal");
			announced = true;
		}
		stop_not_kept(sm, out, old, was, p, now);
	}
	/* A newer request with a shorter grace is not held up by the longer
	 * one still running out. */
	for (size_t i = 0; i < t->count; i++)
		if (procs[i].stopping && !procs[i].killed &&
		    procs[i].stage_ends_at > now + sm->grace_ms)
			procs[i].stage_ends_at = now + sm->grace_ms;
	if (fresh) {
		inittab_free(sm->tab);
		free(sm->tab);
		free(sm->pt.procs);
		sm->tab = t;
		sm->pt.procs = procs;
		sm->has_events = has_event_entries(t);
	}
	name_records(sm);
	sm->settled = 0;
	pid_rebuild(sm);
	forget_respawn_limits(sm);
	if (level != 'N')
		forget_ran_outside(sm, level);
	/* telinit -t 0: KILL at once, as sysvinit. */
	kill_overdue(sm, out, now);
	return kept;
}

/* As sysvinit's read_inittab, which waits for what it stopped before
 * anything starts: a reload in a level that stopped something is a
 * change to the same level, so that a renamed getty's new process does
 * not open the line while the old one holds it. */
void hold_starts_until_stopped(struct sm *sm)
{
	if (sm->phase != SM_PH_RUNNING || !stopping_any(sm))
		return;
	sm->phase = SM_PH_CHANGING;
	sm->target = sm->level;
}

/* The table that came with an event, or the current one; the event's is
 * freed when it is not used. */
struct inittab *drop_table(struct inittab *t)
{
	if (t) {
		inittab_free(t);
		free(t);
	}
	return NULL;
}

struct inittab *usable_table(struct sm *sm, struct sm_actions *out,
			     struct inittab *t)
{
	if (!t)
		return NULL;
	if (t->count == 0) {
		say(sm, out, "new configuration has no valid entry: keeping the current one");
		return drop_table(t);
	}
	return t;
}

void on_reload(struct sm *sm, struct sm_actions *out,
	       const struct sm_event *ev, int64_t now)
{
	struct inittab *t = usable_table(sm, out, ev->table);

	/* Whatever comes of it, the request is answered once settled. */
	waiter_add(sm, ev->nonce);
	if (!t)
		return;
	/* As sysvinit: each request's grace (telinit -t 0 q kills at once),
	 * kept for a SIGHUP, which brings none. */
	if (ev->grace_ms >= 0)
		sm->grace_ms = ev->grace_ms;
	size_t count = t->count;
	unsigned nleft = (unsigned)sm->pt.nleftovers;
	unsigned kept = retable(sm, out, t, sm_booting(sm) ? 'N' : sm->level, now);
	say_to(sm, out, SM_LOG_SYSLOG, "re-read inittab: %zu entries, %u kept, %u processes stopped",
	       count, kept, (unsigned)sm->pt.nleftovers - nleft);
	hold_starts_until_stopped(sm);
}
