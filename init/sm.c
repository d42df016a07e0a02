/*
 * The runlevel state machine.  See sm.h for the contract; the shape is:
 *
 *   event -> update what we know -> advance() -> actions
 *
 * advance() is the single place that decides what to start next, driven
 * by the phase: boot (sysinit, then boot/bootwait), asking for a level,
 * changing level (waiting for stopped processes), or running a level.
 * The rooms it calls are the sm_*.c files around it (sm_int.h).
 */
#include "sm_int.h"


#include <stdlib.h>
#include <string.h>

/*
 * The phases, as OpenBSD's init drives its states: each is a function
 * that does its phase's work after an event and returns true when it
 * handed over to another phase that should work within the same step
 * (so one event can carry boot all the way into the default level), or
 * false when it waits for the next event.
 */
typedef bool phase_fn(struct sm *sm, struct sm_actions *out, int64_t now);

/* Before boot, or asking the console: only an event moves it on. */
static bool ph_wait(struct sm *sm, struct sm_actions *out, int64_t now)
{
	(void)sm;
	(void)out;
	(void)now;
	return false;
}

/* Runs the sysinit entries, then chooses the level to boot into. */
static bool ph_sysinit(struct sm *sm, struct sm_actions *out, int64_t now)
{
	if (!run_boot_entries(sm, out, AP_SYSINIT, now))
		return false;
	/* As sysvinit: the boot record is written once sysinit has
	 * mounted the file systems that hold utmp and wtmp. */
	emit(sm, out, SM_UTMP_BOOT);
	char level = chosen_boot_level(sm);
	if (!level) {
		sm->phase = SM_PH_ASK_BOOT;
		emit(sm, out, SM_ASK_LEVEL);
		return false;
	}
	after_sysinit(sm, level);
	return true;
}

/* Runs boot and bootwait, then enters the level boot leads to. */
static bool ph_boot(struct sm *sm, struct sm_actions *out, int64_t now)
{
	if (!run_boot_entries(sm, out, AP_BOOTSTAGE, now))
		return false;
	boot_done(sm, out);
	return true;
}

/* Waits until what the change stopped has stopped, then is there. */
static bool ph_changing(struct sm *sm, struct sm_actions *out, int64_t now)
{
	(void)now;
	if (stopping_any(sm))
		return false;
	enter_level(sm, out, sm->target, sm->prev, false);
	return true;
}

/* Runs the level: its entries, the waiters' answers, single user's end. */
static bool ph_running(struct sm *sm, struct sm_actions *out, int64_t now)
{
	/* Again: the level may have just been entered. */
	bool entered = start_events(sm, out, now) && start_level_entries(sm, out, now);

	/* As sysvinit reads its FIFO: after the level's first starts. */
	if (queue_run(sm, out, now))
		return true;
	if (!entered)
		return false;
	waiters_answer(sm, out);
	if (end_single_user(sm, out, now))
		return true;
	if (sm->settle_to_say && !level_has_processes(sm)) {
		sm->settle_to_say = false;
		say(sm, out, "no more processes left in this runlevel");
	}
	return false;
}

static phase_fn *const phases[] = {
	[SM_PH_NEW] = ph_wait,
	[SM_PH_SYSINIT] = ph_sysinit,
	[SM_PH_BOOT] = ph_boot,
	[SM_PH_ASK_BOOT] = ph_wait,
	[SM_PH_CHANGING] = ph_changing,
	[SM_PH_RUNNING] = ph_running,
	[SM_PH_ASK_SINGLE] = ph_wait,
};

void advance(struct sm *sm, struct sm_actions *out, int64_t now)
{
	/* As sysvinit, which makes a change in one go and looks at its
	 * signals after it: Ctrl-Alt-Del and power entries wait for the
	 * change's end (ph_running starts them then). */
	if (sm->held || (sm->phase != SM_PH_CHANGING && !start_events(sm, out, now)))
		return;
	while (phases[sm->phase](sm, out, now))
		;
}

int sm_step(struct sm *sm, const struct sm_event *ev, int64_t now,
	    struct sm_actions *out)
{
	sm->oom = false;
	switch (ev->type) {
	case SM_EV_BOOT:
		on_boot(sm, out, ev);
		break;
	case SM_EV_SPAWNED:
		on_spawned(sm, out, ev, now);
		/* A start that worked changes nothing advance() looks at: the
		 * entry counted as running while it was being started.  Not
		 * a pass over the table per start (1000 respawn entries at
		 * boot made that quadratic).  But a request kept for the
		 * end of a change waits for these answers. */
		if (ev->pid > 0 && !queue_waits(sm))
			return sm->oom ? -1 : 0;
		break;
	case SM_EV_EXIT:
		on_exit_of(sm, out, ev->pid, ev->status);
		break;
	case SM_EV_REQUEST:
	case SM_EV_RELOAD:
		take_request(sm, out, ev, now);
		break;
	case SM_EV_POWER:
		if (ev->power == 'F')
			trigger(sm, AP_ON_POWERFAIL);
		else if (ev->power == 'L')
			trigger(sm, AP_ON_POWERLOW);
		else if (ev->power == 'O')
			trigger(sm, AP_ON_POWEROK);
		break;
	case SM_EV_CTRLALTDEL:
		trigger(sm, AP_ON_CTRLALTDEL);
		break;
	case SM_EV_KBREQUEST:
		trigger(sm, AP_ON_KBREQUEST);
		break;
	case SM_EV_SETENV:
		if (ev->var)
			set_env(sm, out, ev->var);
		break;
	case SM_EV_TICK:
		break;
	case SM_EV_HOLD:
	case SM_EV_RESUME:
		sm->held = ev->type == SM_EV_HOLD;
		break;
	}
	on_tick(sm, out, now);
	advance(sm, out, now);
	return sm->oom ? -1 : 0;
}

struct sm *sm_new(struct inittab *table)
{
	struct sm *sm = calloc(1, sizeof(*sm));

	if (!sm)
		return NULL;
	sm->pt.procs = calloc(table->count ? table->count : 1, sizeof(*sm->pt.procs));
	if (!sm->pt.procs) {
		free(sm);
		return NULL;
	}
	sm->tab = table;
	name_records(sm);
	sm->has_events = has_event_entries(table);
	RB_INIT(&sm->pt.pids);
	sm->phase = SM_PH_NEW;
	sm->level = 'N';
	sm->prev = 'N';
	sm->grace_ms = SM_GRACE_DEFAULT_MS;
	return sm;
}

void sm_free(struct sm *sm)
{
	if (!sm)
		return;
	pid_clear(sm);
	queue_free(sm);
	inittab_free(sm->tab);
	free(sm->tab);
	free(sm->pt.procs);
	free(sm->pt.leftovers);
	for (size_t i = 0; i < sm->req.nenv; i++)
		free(sm->req.env[i]);
	free(sm);
}

const struct inittab *sm_table(const struct sm *sm) { return sm->tab; }
size_t sm_count(const struct sm *sm) { return sm->tab->count; }
char sm_level(const struct sm *sm) { return sm->level; }

char sm_prevlevel(const struct sm *sm) { return sm->prev; }
char sm_child_runlevel(const struct sm *sm) { return sm_booting(sm) ? 'S' : sm->level; }

bool sm_uses_initscript(const struct sm *sm)
{
	return sm_booting(sm) || sm->level != 'S';
}
bool sm_booting(const struct sm *sm) { return sm->phase <= SM_PH_BOOT; }

char sm_runlevel_log(const struct sm *sm)
{
	if (sm->phase <= SM_PH_SYSINIT || sm->phase == SM_PH_ASK_BOOT)
		return 0;
	return sm->phase == SM_PH_BOOT ? '*' : sm->level;
}
bool sm_asking(const struct sm *sm)
{
	return sm->phase == SM_PH_ASK_BOOT || sm->phase == SM_PH_ASK_SINGLE;
}
bool sm_changing(const struct sm *sm) { return sm->phase == SM_PH_CHANGING; }
const char *const *sm_env(const struct sm *sm) { return (const char *const *)sm->req.env; }
bool sm_knows_pid(const struct sm *sm, pid_t pid) { return pid_find(sm, pid) != NULL; }

const struct entry *sm_entry(const struct sm *sm, size_t i)
{
	return i < sm->tab->count ? &sm->tab->entries[i] : NULL;
}

void sm_proc_info(const struct sm *sm, size_t i, int64_t now,
		  struct sm_proc_info *info)
{
	const struct procrec *p = &sm->pt.procs[i];
	const struct entry *e = &sm->tab->entries[i];

	memset(info, 0, sizeof(*info));
	info->pid = p->pid > 0 ? p->pid : 0;
	info->restarts = p->starts > 1 ? p->starts - 1 : 0;
	info->has_status = p->has_status;
	info->last_status = p->last_status;
	if (p->pid == PID_PENDING)
		info->state = SM_STARTING;
	else if (p->pid > 0)
		info->state = p->stopping ? SM_STOPPING : SM_RUNNING;
	else if (p->disabled_until > now) {
		info->state = SM_DISABLED;
		info->disabled_left_ms = p->disabled_until - now;
	} else if (p->retry_at > now)
		info->state = SM_RETRY;
	else if (p->ran && action_is(e->action, AP_ONCE))
		info->state = SM_DONE;
	else if (leftover_holds_id(sm, e->id))
		info->state = SM_WAITING;
	else
		info->state = SM_STOPPED;
}
