/*
 * sm_saved: the machine's state as plain data for a re-exec, and back.
 */
#include "sm_int.h"

#include <stdlib.h>
#include <string.h>

#include <bsd/stdlib.h>
#include <bsd/string.h>

static void export_proc(struct sm_saved_proc *r, const char *id, const struct proc *p)
{
	memset(r, 0, sizeof(*r));
	strlcpy(r->id, id, sizeof(r->id));
	r->pid = p->pid > 0 ? p->pid : 0;
	r->stopping = p->stopping;
	r->killed = p->killed;
	r->kill_at = p->kill_at;
	r->ran = p->ran;
	r->od_active = p->od_active;
	r->event_pending = p->event_pending;
	r->disabled_until = p->disabled_until;
	r->retry_at = p->retry_at;
	r->window_start = p->window_start;
	r->window_starts = p->window_starts;
	r->starts = p->starts;
	r->has_status = p->has_status;
	r->last_status = p->last_status;
}

int sm_export(const struct sm *sm, struct sm_saved *out)
{
	memset(out, 0, sizeof(*out));
	out->level = sm->level;
	out->prev = sm->prev;
	out->target = sm->target;
	out->phase = sm->phase;
	out->grace_ms = sm->grace_ms;
	out->did_boot = sm->did_boot;
	for (size_t i = 0; i < sm->nwaiters; i++)
		out->waiters[i] = sm->waiters[i];
	out->nwaiters = sm->nwaiters;
	for (size_t i = 0; i < sm->nenv; i++)
		out->env[i] = sm->env[i];
	out->nenv = sm->nenv;
	out->procs = reallocarray(NULL, sm->tab->count + sm->nleftovers + 1,
				  sizeof(*out->procs));
	if (!out->procs)
		return -1;
	for (size_t i = 0; i < sm->tab->count; i++)
		export_proc(&out->procs[out->nprocs++], sm->tab->entries[i].id,
			    &sm->procs[i]);
	for (size_t i = 0; i < sm->nleftovers; i++) {
		const struct leftover *o = &sm->leftovers[i];
		struct proc was = { .pid = o->pid, .stopping = true,
				    .killed = o->killed, .kill_at = o->kill_at };
		struct sm_saved_proc *r = &out->procs[out->nprocs++];
		export_proc(r, o->id, &was);
		r->leftover = true;
		r->no_utmp = o->no_utmp;
	}
	return 0;
}

/* A state from before SM_HANG_MS kept the time KILL was due in kill_at
 * of a killed process, now past: it gets the allowance from now on. */
static int64_t imported_kill_at(const struct sm_saved_proc *r, int64_t now)
{
	return r->killed && r->kill_at && r->kill_at <= now ? now + SM_HANG_MS : r->kill_at;
}

static void import_proc(struct sm *sm, struct sm_actions *out,
			const struct sm_saved_proc *r, int64_t now)
{
	if (!r->leftover) {
		for (size_t i = 0; i < sm->tab->count; i++) {
			if (strcmp(sm->tab->entries[i].id, r->id) != 0)
				continue;
			struct proc *p = &sm->procs[i];
			p->pid = r->pid;
			p->stopping = r->stopping;
			p->killed = r->killed;
			p->kill_at = imported_kill_at(r, now);
			p->ran = r->ran;
			sm->settled = 0;
			p->od_active = r->od_active;
			p->event_pending = r->event_pending;
			p->disabled_until = r->disabled_until;
			p->retry_at = r->retry_at;
			sm->timers = true;
			p->window_start = r->window_start;
			p->window_starts = r->window_starts;
			p->starts = r->starts;
			p->has_status = r->has_status;
			p->last_status = r->last_status;
			if (r->pid > 0)
				pid_index(sm, r->pid, false, i);
			return;
		}
	}
	if (r->pid <= 0)
		return;
	/* Its entry left inittab (before or since): stop it. */
	struct entry gone = { .no_utmp = r->no_utmp };
	struct proc was = { .pid = r->pid, .stopping = r->stopping || r->leftover,
			    .killed = r->killed, .kill_at = imported_kill_at(r, now) };
	strlcpy(gone.id, r->id, sizeof(gone.id));
	leftover_add(sm, out, &gone, &was, now);
	pid_index(sm, r->pid, true, sm->nleftovers - 1);
}

int sm_import(struct sm *sm, const struct sm_saved *in, int64_t now,
	      struct sm_actions *out)
{
	sm->oom = false;
	if (!level_bit(in->level) || in->phase < SM_PH_ASK || in->phase > SM_PH_RUNNING)
		return -1;
	sm->level = in->level;
	sm->prev = in->prev;
	sm->target = in->target;
	sm->phase = in->phase;
	sm->grace_ms = in->grace_ms >= 0 ? in->grace_ms : SM_GRACE_DEFAULT_MS;
	sm->did_boot = in->did_boot;
	for (size_t i = 0; i < in->nwaiters && i < SM_NONCE_MAX; i++)
		waiter_add(sm, in->waiters[i]);
	if (sm->phase == SM_PH_CHANGING && !level_bit(sm->target))
		sm->phase = SM_PH_RUNNING;
	for (size_t i = 0; i < in->nenv; i++)
		set_env(sm, out, in->env[i]);
	for (size_t i = 0; i < in->nprocs; i++)
		import_proc(sm, out, &in->procs[i], now);
	/* What ran in single user before is not known: its end counts. */
	sm->single_ran = sm->level == 'S' && level_has_processes(sm);
	/* The question the previous init was asking is asked again. */
	if (sm->phase == SM_PH_ASK)
		emit(sm, out, SM_ASK_LEVEL);
	advance(sm, out, now);
	return sm->oom ? -1 : 0;
}
