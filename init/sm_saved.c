/*
 * sm_saved: the machine's state as plain data for a re-exec, and back.
 */
#include "sm_int.h"

#include <stdlib.h>
#include <string.h>

#include <bsd/stdlib.h>
#include <bsd/string.h>

int sm_export(const struct sm *sm, struct sm_saved *out)
{
	memset(out, 0, sizeof(*out));
	out->level = sm->level;
	out->prev = sm->prev;
	out->target = sm->target;
	/* Saved as the inits before SM_PH_ASK_SINGLE wrote it. */
	out->phase = sm->phase == SM_PH_ASK_SINGLE ? SM_PH_ASK_BOOT : sm->phase;
	out->grace_ms = sm->grace_ms;
	out->did_boot = sm->boot.done;
	for (size_t i = 0; i < sm->req.nwaiters; i++)
		out->waiters[i] = sm->req.waiters[i];
	out->nwaiters = sm->req.nwaiters;
	for (size_t i = 0; i < sm->req.nenv; i++)
		out->env[i] = sm->req.env[i];
	out->nenv = sm->req.nenv;
	out->procs = reallocarray(NULL, sm->tab->count + sm->pt.nleftovers + 1,
				  sizeof(*out->procs));
	if (!out->procs)
		return -1;
	for (size_t i = 0; i < sm->tab->count; i++) {
		struct procrec *r = &out->procs[out->nprocs++];
		*r = sm->pt.procs[i];
		if (r->pid == PID_PENDING)
			r->pid = 0;     /* its spawn never answers the next init */
	}
	for (size_t i = 0; i < sm->pt.nleftovers; i++)
		out->procs[out->nprocs++] = sm->pt.leftovers[i];
	return 0;
}

/* A killed process whose allowance ran out across the re-exec (or from
 * a state before SM_HANG_MS, which kept the time KILL was due) gets the
 * allowance from now on, rather than "seems to hang" at once. */
static int64_t imported_stage_end(const struct procrec *r, int64_t now)
{
	return r->killed && !r->hung && r->stage_ends_at <= now ? now + SM_HANG_MS :
								 r->stage_ends_at;
}

static void import_proc(struct sm *sm, struct sm_actions *out,
			const struct procrec *r, int64_t now)
{
	const struct entry *e = r->leftover ? NULL : inittab_find(sm->tab, r->id);
	struct procrec was = *r;

	was.stage_ends_at = imported_stage_end(r, now);
	if (e) {
		size_t i = (size_t)(e - sm->tab->entries);
		sm->pt.procs[i] = was;
		sm->pt.procs[i].no_utmp = false;   /* the entry's own says */
		sm->settled = 0;
		sm->pt.maybe_timed = true;
		if (r->pid > 0)
			pid_index(sm, r->pid, false, i);
		return;
	}
	if (r->pid <= 0)
		return;
	/* Its entry left inittab (before or since): stop it. */
	was.stopping |= was.leftover;
	leftover_add(sm, out, &was, now);
	pid_index(sm, r->pid, true, sm->pt.nleftovers - 1);
}

int sm_import(struct sm *sm, const struct sm_saved *in, int64_t now,
	      struct sm_actions *out)
{
	sm->oom = false;
	if (!level_bit(in->level) || in->phase < SM_PH_ASK_BOOT || in->phase > SM_PH_ASK_SINGLE)
		return -1;
	sm->level = in->level;
	sm->prev = in->prev;
	sm->target = in->target;
	sm->phase = in->phase;
	/* A saved state asking in single user says SM_PH_ASK_BOOT (see
	 * sm_export). */
	if (sm->phase == SM_PH_ASK_BOOT && sm->level == 'S')
		sm->phase = SM_PH_ASK_SINGLE;
	sm->grace_ms = in->grace_ms >= 0 ? in->grace_ms : SM_GRACE_DEFAULT_MS;
	sm->boot.done = in->did_boot;
	for (size_t i = 0; i < in->nwaiters && i < SM_NONCE_MAX; i++)
		waiter_add(sm, in->waiters[i]);
	if (sm->phase == SM_PH_CHANGING && !level_bit(sm->target))
		sm->phase = SM_PH_RUNNING;
	for (size_t i = 0; i < in->nenv; i++)
		set_env(sm, out, in->env[i]);
	for (size_t i = 0; i < in->nprocs; i++)
		import_proc(sm, out, &in->procs[i], now);
	/* As a re-executed sysvinit warns anew: said once nothing runs. */
	sm->settle_to_say = sm->phase == SM_PH_RUNNING;
	/* What ran in single user before is not known: its end counts. */
	sm->single.started = sm->level == 'S' && level_has_processes(sm);
	/* The question the previous init was asking is asked again. */
	if (sm_asking(sm))
		emit(sm, out, SM_ASK_LEVEL);
	advance(sm, out, now);
	return sm->oom ? -1 : 0;
}
