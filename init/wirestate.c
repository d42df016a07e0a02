/*
 * wirestate: sm_saved and the hand-over wire model (see wirestate.h).
 */
#include "wirestate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bsd/stdlib.h>
#include <bsd/string.h>

#include "builtin.h"

static const char *wire_id(const char *id)
{
	return strcmp(id, BUILTIN_SHELL_ID) == 0 ? WIRESTATE_SYSV_SHELL_ID : id;
}

static const char *our_id(const char *id)
{
	return strcmp(id, WIRESTATE_SYSV_SHELL_ID) == 0 ? BUILTIN_SHELL_ID : id;
}

/* sysvinit's XECUTED: "ran" for the others, but for power, Ctrl-Alt-Del
 * and keyboard entries "not due": their event clears it. */
static bool executed(const struct entry *e, const struct procrec *p)
{
	if (e && action_is(e->action, AP_EVENT))
		return !p->event_pending;
	return p->ran || p->pid > 0;
}

static int put_entry(struct handover_state *out, const struct entry *e,
		     const struct procrec *p)
{
	struct handover_rec *r = handover_add_rec(out, wire_id(e ? e->id : p->id));

	if (!r)
		return -1;
	if (e) {
		entry_levels_text(e, r->levels, sizeof(r->levels));
		strlcpy(r->action, action_name(e->action), sizeof(r->action));
		size_t len = strlen(e->process) + 2;
		if (!(r->process = malloc(len)))
			return -1;
		snprintf(r->process, len, "%s%s", e->no_utmp ? "+" : "", e->process);
	} else {
		/* A leftover: its entry is gone; sysvinit only reaps it. */
		strlcpy(r->action, "off", sizeof(r->action));
	}
	if (!p)
		return 0;
	if (p->pid > 0)
		r->flags |= HANDOVER_FL_RU;
	if (executed(e, p))
		r->flags |= HANDOVER_FL_XD;
	if (p->od_active)
		r->flags |= HANDOVER_FL_DE;
	if (p->pid > 0 && e && action_is(e->action, AP_WAITED))
		r->flags |= HANDOVER_FL_WT;
	r->pid = p->pid > 0 ? p->pid : 0;
	r->exstat = p->has_status ? (unsigned)p->last_status : 0;
	r->proc = *p;
	r->proc.no_utmp = e ? e->no_utmp : p->no_utmp;
	return 0;
}

static const struct procrec *proc_of(const struct sm_saved *s, const char *id)
{
	for (size_t i = 0; i < s->nprocs; i++)
		if (!s->procs[i].leftover && strcmp(s->procs[i].id, id) == 0)
			return &s->procs[i];
	return NULL;
}

int wirestate_to_wire(const struct sm_saved *s, const struct inittab *t,
		    struct handover_state *out)
{
	/* sysvinit's runlevel is the new one as soon as a change starts. */
	char level = s->phase == SM_PH_CHANGING && s->target ? s->target : s->level;

	snprintf(out->version, sizeof(out->version), "@(#) init %s-%s", PACKAGE_NAME,
		 PACKAGE_VERSION);
	out->runlevel = level;
	out->thislevel = level;
	out->prevlevel = s->prev;
	out->sleep_time = (s->grace_ms + 999) / 1000;
	out->did_boot = s->did_boot;
	out->phase = s->phase;
	out->target = s->target;
	out->grace_ms = s->grace_ms;
	for (size_t i = 0; i < s->nenv; i++)
		if (handover_add_env(out, s->env[i]) != 0)
			return -1;
	for (size_t i = 0; i < s->nwaiters; i++)
		if (handover_add_waiter(out, s->waiters[i]) != 0)
			return -1;
	for (size_t i = 0; i < t->count; i++)
		if (put_entry(out, &t->entries[i], proc_of(s, t->entries[i].id)) != 0)
			return -1;
	for (size_t i = 0; i < s->nprocs; i++)
		if (s->procs[i].leftover && put_entry(out, NULL, &s->procs[i]) != 0)
			return -1;
	return 0;
}

static void take_record(struct procrec *p, const struct handover_rec *r,
			const struct entry *e, bool ours)
{
	bool running = (r->flags & HANDOVER_FL_RU) && r->pid > 0;
	bool executed = (r->flags & HANDOVER_FL_XD) != 0;

	/* Ours as it came, then what sysvinit's fields say. */
	*p = r->proc;
	strlcpy(p->id, e ? e->id : our_id(r->id), sizeof(p->id));
	p->pid = running ? r->pid : 0;
	p->leftover = r->proc.leftover || !e;
	p->no_utmp = e ? e->no_utmp : r->proc.no_utmp || (r->process && r->process[0] == '+');
	bool event = e && action_is(e->action, AP_EVENT);
	p->event_pending = event && !executed && !running;
	p->ran = !event && executed;
	p->od_active |= (r->flags & HANDOVER_FL_DE) != 0;
	p->stopping &= running;
	/* The wire says "seems to hang" as a killed one with no time. */
	p->hung = p->killed && p->stage_ends_at == 0;
	/* sysvinit counts no starts: one, for an entry that ran.  Ours
	 * leaves out a count of 0. */
	if (!ours && !p->starts)
		p->starts = executed;
}

int wirestate_from_wire(const struct handover_state *in, const struct inittab *t,
		      struct sm_saved *out, char *why, size_t whysize)
{
	memset(out, 0, sizeof(*out));
	if (!level_bit(in->runlevel)) {
		snprintf(why, whysize, "no runlevel to go on in (runlevel '%c')",
			 in->runlevel >= ' ' && in->runlevel < 127 ? in->runlevel : '?');
		return -1;
	}
	out->level = in->runlevel == 's' ? 'S' : in->runlevel;
	out->prev = in->prevlevel ? in->prevlevel : 'N';
	out->phase = SM_PH_RUNNING;
	/* Ours, asking for a level at the end of single user: asked again. */
	if (in->phase == SM_PH_ASK_BOOT && out->level == 'S')
		out->phase = SM_PH_ASK_BOOT;    /* sm_import's spelling of it */
	if (in->phase == SM_PH_CHANGING && level_bit(in->target)) {
		/* Ours, part way through a change: go on with it. */
		out->phase = SM_PH_CHANGING;
		out->target = in->target;
		out->level = level_bit(in->thislevel) && in->thislevel != in->target ?
			     in->thislevel : out->level;
	}
	out->grace_ms = in->grace_ms >= 0 ? in->grace_ms : in->sleep_time * 1000;
	out->did_boot = in->did_boot != 0;
	for (size_t i = 0; i < in->nenv && out->nenv < INITREQ_ENV_MAX; i++)
		out->env[out->nenv++] = in->env[i];
	for (size_t i = 0; i < in->nwaiters && out->nwaiters < SM_NONCE_MAX; i++)
		out->waiters[out->nwaiters++] = in->waiters[i];
	if (!(out->procs = reallocarray(NULL, in->nrecs + 1, sizeof(*out->procs)))) {
		snprintf(why, whysize, "out of memory");
		return -1;
	}
	for (size_t i = 0; i < in->nrecs; i++) {
		const struct handover_rec *r = &in->recs[i];
		const struct entry *e = r->proc.leftover ? NULL : inittab_find(t, our_id(r->id));
		/* Only a process of a vanished entry needs anything done. */
		if (!e && !((r->flags & HANDOVER_FL_RU) && r->pid > 0))
			continue;
		take_record(&out->procs[out->nprocs++], r, e, in->phase >= 0);
	}
	return 0;
}

char *wirestate_save(const struct sm *sm, size_t *len, char *err, size_t errsize)
{
	struct sm_saved saved;
	struct handover_state st;
	char *text = NULL;

	handover_state_init(&st);
	if (sm_export(sm, &saved) == 0 && wirestate_to_wire(&saved, sm_table(sm), &st) == 0)
		text = handover_encode(&st, len, err, errsize);
	else
		snprintf(err, errsize, "out of memory");
	free(saved.procs);
	handover_state_free(&st);
	return text;
}

int wirestate_load(const char *text, size_t len, const struct inittab *t,
		 struct handover_state *st, struct sm_saved *out,
		 char *why, size_t whysize)
{
	memset(out, 0, sizeof(*out));
	if (handover_decode(text, len, st, why, whysize) != 0)
		return -1;
	return wirestate_from_wire(st, t, out, why, whysize);
}
