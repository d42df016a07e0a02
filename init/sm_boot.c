/*
 * sm_boot: boot: sysinit, the level it leads to, boot and bootwait.
 */
#include "sm_int.h"

#include "builtin.h"

#include <stdlib.h>

/* The entries of one boot stage (AP_SYSINIT, AP_BOOTSTAGE), in file
 * order; returns true when all have been started and the waited ones
 * have exited. */
bool run_boot_entries(struct sm *sm, struct sm_actions *out, unsigned stage,
		      int64_t now)
{
	for (size_t i = 0; i < sm->tab->count; i++) {
		struct procrec *p = &sm->pt.procs[i];
		enum action a = sm->tab->entries[i].action;
		bool waited = action_is(a, AP_WAITED);

		if (!action_is(a, stage))
			continue;
		if (p->retry_at > now)
			return false;
		if (!p->ran) {
			p->ran = true;
			start(sm, out, i);
			if (waited)
				return false;
		} else if (waited && p->pid != 0) {
			return false;
		}
	}
	return true;
}

char chosen_boot_level(const struct sm *sm)
{
	if (sm->boot.opts.level)
		return sm->boot.opts.level;
	if (sm->boot.requested)
		return sm->boot.requested;
	return sm->tab->initdefault;
}

/* After sysinit, as sysvinit: single user comes before the boot entries,
 * any other level after them. */
void after_sysinit(struct sm *sm, char level)
{
	if (level == 'S') {
		sm->level = 'S';
		sm->prev = 'N';
		sm->phase = SM_PH_RUNNING;
		return;
	}
	sm->boot.target = level;
	sm->phase = SM_PH_BOOT;
}

/* The boot entries have run: into the level boot leads to, or the one
 * telinit asked for meanwhile. */
void boot_done(struct sm *sm, struct sm_actions *out)
{
	sm->boot.done = true;
	enter_level(sm, out, sm->boot.requested ? sm->boot.requested : sm->boot.target,
		    'N', true);
}

void on_boot(struct sm *sm, struct sm_actions *out,
	     const struct sm_event *ev)
{
	if (sm->phase != SM_PH_NEW)
		return;
	sm->boot.opts = ev->boot;
	if (sm->boot.opts.emergency) {
		struct inittab *t = sm->tab;
		struct procrec *procs = calloc(t->count + 1, sizeof(*procs));
		if (!procs || !builtin_prepend_emergency(t)) {
			free(procs);
			sm->oom = true;
		} else {
			free(sm->pt.procs);
			sm->pt.procs = procs;
			name_records(sm);
			sm->settled = 0;
		}
		say(sm, out, "emergency boot: starting a shell before sysinit");
	}
	sm->phase = SM_PH_SYSINIT;
}
