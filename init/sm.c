/*
 * The runlevel state machine.  See sm.h for the contract; the shape is:
 *
 *   event -> update what we know -> advance() -> actions
 *
 * advance() is the single place that decides what to start next, driven
 * by the phase: boot (sysinit, then boot/bootwait), asking for a level,
 * changing level (waiting for stopped processes), or running a level.
 */
#include "sm.h"

#include "builtin.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <bsd/stdlib.h>
#include <bsd/string.h>
/* libbsd leaves BSD's __unused undefined; its tree macros need it. */
#ifndef __unused
#define __unused __attribute__((__unused__))
#endif
#include <bsd/sys/tree.h>

#define PID_PENDING ((pid_t)-1)


struct proc {
	pid_t pid;               /* > 0 running, 0 none, PID_PENDING spawning */
	bool stopping, killed;
	int64_t kill_at;
	bool ran;                /* run-once actions: started since the level began */
	bool od_active;          /* ondemand: switched on by telinit a/b/c */
	bool event_pending;      /* power/ctrlaltdel/kbrequest: due to start */
	int64_t disabled_until;  /* respawning too fast; 0 when not */
	int64_t retry_at;        /* fork failed; 0 when not */
	int64_t window_start;
	unsigned window_starts;
	unsigned starts;
	bool has_status;
	int last_status;
};

/* A leftover: a process whose entry left the table on reload, stopped and
 * then forgotten.  (An orphan is something else: a process re-parented to
 * init, which only needs reaping.) */
struct leftover {
	pid_t pid;
	char id[INITTAB_ID_MAX + 1];
	bool no_utmp;
	bool killed;
	int64_t kill_at;
};

struct pidnode {
	RB_ENTRY(pidnode) link;
	pid_t pid;
	bool leftover;
	size_t index;
};

static int pidnode_cmp(const struct pidnode *a, const struct pidnode *b)
{
	return (a->pid > b->pid) - (a->pid < b->pid);
}

RB_HEAD(pidtree, pidnode);
RB_GENERATE_STATIC(pidtree, pidnode, link, pidnode_cmp)

struct sm {
	struct inittab *tab;
	struct proc *procs;
	struct leftover *leftovers;
	size_t nleftovers, leftovers_cap;
	struct pidtree pids;

	enum sm_phase phase;
	char level, prev, target;
	int grace_ms;
	struct sm_boot_opts boot;
	char boot_request;       /* a level asked for while booting */
	bool settled_logged;

	char waiters[SM_NONCE_MAX][INITREQ_NONCE_MAX + 1];
	size_t nwaiters;

	char *env[INITREQ_ENV_MAX + 1];
	size_t nenv;

	bool oom;
};

/* ---- actions ---------------------------------------------------------- */

void sm_actions_clear(struct sm_actions *a)
{
	for (size_t i = 0; i < a->n; i++)
		free(a->v[i].text);
	a->n = 0;
}

void sm_actions_free(struct sm_actions *a)
{
	sm_actions_clear(a);
	free(a->v);
	a->v = NULL;
	a->cap = 0;
}

static struct sm_action *emit(struct sm *sm, struct sm_actions *out,
			      enum sm_action_type type)
{
	if (out->n == out->cap) {
		size_t cap = out->cap ? out->cap * 2 : 16;
		struct sm_action *v = reallocarray(out->v, cap, sizeof(*v));
		if (!v) {
			sm->oom = true;
			return NULL;
		}
		out->v = v;
		out->cap = cap;
	}
	struct sm_action *a = &out->v[out->n++];
	memset(a, 0, sizeof(*a));
	a->type = type;
	return a;
}

static void say(struct sm *sm, struct sm_actions *out, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void say(struct sm *sm, struct sm_actions *out, const char *fmt, ...)
{
	va_list ap;
	char *text;

	va_start(ap, fmt);
	int r = vasprintf(&text, fmt, ap);
	va_end(ap);
	if (r < 0) {
		sm->oom = true;
		return;
	}
	struct sm_action *a = emit(sm, out, SM_LOG);
	if (!a) {
		free(text);
		return;
	}
	a->text = text;
}

static void send_signal(struct sm *sm, struct sm_actions *out, pid_t pid,
			int sig)
{
	struct sm_action *a = emit(sm, out, SM_KILL);
	if (a) {
		a->pid = pid;
		a->sig = sig;
	}
}

static void utmp_record(struct sm *sm, struct sm_actions *out,
			enum sm_action_type type, const char *id, pid_t pid)
{
	struct sm_action *a = emit(sm, out, type);
	if (a) {
		strlcpy(a->id, id, sizeof(a->id));
		a->pid = pid;
	}
}

/* ---- the pid index ---------------------------------------------------- */

static struct pidnode *pid_find(const struct sm *sm, pid_t pid)
{
	struct pidnode key = { .pid = pid };
	return RB_FIND(pidtree, (struct pidtree *)&sm->pids, &key);
}

static void pid_index(struct sm *sm, pid_t pid, bool leftover, size_t index)
{
	struct pidnode *n = pid_find(sm, pid);
	if (!n) {
		n = calloc(1, sizeof(*n));
		if (!n) {
			sm->oom = true;
			return;
		}
		n->pid = pid;
		RB_INSERT(pidtree, &sm->pids, n);
	}
	n->leftover = leftover;
	n->index = index;
}

static void pid_forget(struct sm *sm, pid_t pid)
{
	struct pidnode *n = pid_find(sm, pid);
	if (n) {
		RB_REMOVE(pidtree, &sm->pids, n);
		free(n);
	}
}

static void pid_clear(struct sm *sm)
{
	struct pidnode *n, *next;
	for (n = RB_MIN(pidtree, &sm->pids); n; n = next) {
		next = RB_NEXT(pidtree, &sm->pids, n);
		RB_REMOVE(pidtree, &sm->pids, n);
		free(n);
	}
}

static void pid_rebuild(struct sm *sm)
{
	pid_clear(sm);
	for (size_t i = 0; i < sm->tab->count; i++)
		if (sm->procs[i].pid > 0)
			pid_index(sm, sm->procs[i].pid, false, i);
	for (size_t i = 0; i < sm->nleftovers; i++)
		pid_index(sm, sm->leftovers[i].pid, true, i);
}

/* ---- which entries run where ------------------------------------------ */

static unsigned digit_levels(const struct entry *e)
{
	return e->levels & (LEVELS_ALL_DIGITS | LEVEL_S_BIT);
}

/* As sysvinit: waited-for entries own the console as their controlling
 * terminal only while booting and in single user, so fsck's questions and
 * sulogin get ^C and job control.  In the other levels an rc script gets
 * none: when a session leader with a terminal exits, the kernel hangs up
 * its process group, and the daemons it left in the background with it. */
static bool owns_console(const struct sm *sm, const struct entry *e)
{
	bool booting = sm->phase == SM_PH_SYSINIT || sm->phase == SM_PH_BOOT;

	return action_is(e->action, AP_WAITED) && (booting || sm->level == 'S');
}

static bool allowed_in(const struct entry *e, char level)
{
	unsigned bit = level_bit(level);

	if (e->action == ACT_ONDEMAND) {
		/* The letters say when it starts; digits, if any, where.
		 * Single user stops everything not meant for it. */
		if (bit == LEVEL_S_BIT)
			return (e->levels & LEVEL_S_BIT) != 0;
		return digit_levels(e) == 0 || (e->levels & bit) != 0;
	}
	if (action_is(e->action, AP_LEVELS))
		return (e->levels & bit) != 0;
	if (action_is(e->action, AP_EVENT))
		return !e->levels_given || digit_levels(e) == 0 ||
		       (e->levels & bit) != 0;
	return false;
}

/* Boot-time and event processes (a shutdown started by ctrlaltdel, say)
 * outlive runlevel changes. */
static bool must_stop_for(const struct entry *e, char level)
{
	if (e->action == ACT_OFF)
		return true;
	return action_is(e->action, AP_LEVELS) && !allowed_in(e, level);
}

static bool leftover_holds_id(const struct sm *sm, const char *id)
{
	for (size_t i = 0; i < sm->nleftovers; i++)
		if (strcmp(sm->leftovers[i].id, id) == 0)
			return true;
	return false;
}

/* ---- starting and stopping -------------------------------------------- */

static void start(struct sm *sm, struct sm_actions *out, size_t i)
{
	struct proc *p = &sm->procs[i];
	const struct entry *e = &sm->tab->entries[i];
	struct sm_action *a = emit(sm, out, SM_SPAWN);

	if (!a)
		return;
	a->entry = i;
	a->ctty = owns_console(sm, e);
	strlcpy(a->id, e->id, sizeof(a->id));
	p->pid = PID_PENDING;
	p->starts++;
}

/* Respawning entries go through the rate limit: more than SM_RESPAWN_MAX
 * starts within the window pauses the entry instead of spinning. */
static void start_respawning(struct sm *sm, struct sm_actions *out, size_t i,
			     int64_t now)
{
	struct proc *p = &sm->procs[i];

	if (p->window_starts == 0 || now - p->window_start >= SM_RESPAWN_WINDOW_MS) {
		p->window_start = now;
		p->window_starts = 0;
	}
	if (++p->window_starts > SM_RESPAWN_MAX) {
		p->window_starts = 0;
		p->disabled_until = now + SM_RESPAWN_PAUSE_MS;
		say(sm, out, "Id \"%s\" respawning too fast: disabled for %d minutes",
		    sm->tab->entries[i].id, SM_RESPAWN_PAUSE_MS / 60000);
		return;
	}
	start(sm, out, i);
}

static void stop(struct sm *sm, struct sm_actions *out, size_t i, int64_t now)
{
	struct proc *p = &sm->procs[i];

	send_signal(sm, out, p->pid, SIGTERM);
	send_signal(sm, out, p->pid, SIGCONT);
	p->stopping = true;
	p->killed = false;
	p->kill_at = now + sm->grace_ms;
}

static void leftover_add(struct sm *sm, struct sm_actions *out,
		       const struct entry *e, const struct proc *p, int64_t now)
{
	if (sm->nleftovers == sm->leftovers_cap) {
		size_t cap = sm->leftovers_cap ? sm->leftovers_cap * 2 : 8;
		struct leftover *v = reallocarray(sm->leftovers, cap, sizeof(*v));
		if (!v) {
			sm->oom = true;
			return;
		}
		sm->leftovers = v;
		sm->leftovers_cap = cap;
	}
	struct leftover *o = &sm->leftovers[sm->nleftovers++];
	memset(o, 0, sizeof(*o));
	o->pid = p->pid;
	strlcpy(o->id, e->id, sizeof(o->id));
	o->no_utmp = e->no_utmp;
	if (p->stopping) {
		o->killed = p->killed;
		o->kill_at = p->kill_at;
	} else {
		send_signal(sm, out, p->pid, SIGTERM);
		send_signal(sm, out, p->pid, SIGCONT);
		o->kill_at = now + SM_GRACE_DEFAULT_MS;
	}
}

static void leftover_remove(struct sm *sm, size_t i)
{
	sm->leftovers[i] = sm->leftovers[--sm->nleftovers];
	if (i < sm->nleftovers)
		pid_index(sm, sm->leftovers[i].pid, true, i);
}

/* ---- telinit -W waiters ----------------------------------------------- */

static void waiter_add(struct sm *sm, const char *nonce)
{
	if (!nonce || !*nonce)
		return;
	if (sm->nwaiters == SM_NONCE_MAX) {
		/* The oldest waiter has most likely given up by now. */
		memmove(sm->waiters[0], sm->waiters[1],
			sizeof(sm->waiters[0]) * (SM_NONCE_MAX - 1));
		sm->nwaiters--;
	}
	strlcpy(sm->waiters[sm->nwaiters++], nonce, sizeof(sm->waiters[0]));
}

static void waiters_answer(struct sm *sm, struct sm_actions *out)
{
	for (size_t i = 0; i < sm->nwaiters; i++) {
		struct sm_action *a = emit(sm, out, SM_STATUS);
		if (a && !(a->text = strdup(sm->waiters[i])))
			sm->oom = true;
	}
	sm->nwaiters = 0;
}

/* ---- the phases ------------------------------------------------------- */

static void enter_level(struct sm *sm, struct sm_actions *out, char level);
static void change_level(struct sm *sm, struct sm_actions *out, char level,
			 int grace_ms, int64_t now);

/* Event entries start whenever they are due, whatever the phase. */
static void start_events(struct sm *sm, struct sm_actions *out)
{
	for (size_t i = 0; i < sm->tab->count; i++) {
		struct proc *p = &sm->procs[i];
		const struct entry *e = &sm->tab->entries[i];

		if (!p->event_pending || p->pid != 0)
			continue;
		p->event_pending = false;
		if (sm->level == 'N' || allowed_in(e, sm->level))
			start(sm, out, i);
	}
}

/* Boot-time entries of one kind, in file order; returns true when all
 * have been started and the waited ones have exited. */
static bool run_boot_entries(struct sm *sm, struct sm_actions *out,
			     enum action waited, enum action unwaited,
			     int64_t now)
{
	for (size_t i = 0; i < sm->tab->count; i++) {
		struct proc *p = &sm->procs[i];
		enum action a = sm->tab->entries[i].action;

		if (a != waited && a != unwaited)
			continue;
		if (p->retry_at > now)
			return false;
		if (!p->ran) {
			p->ran = true;
			start(sm, out, i);
			if (a == waited)
				return false;
		} else if (a == waited && p->pid != 0) {
			return false;
		}
	}
	return true;
}

static bool level_has_processes(const struct sm *sm)
{
	for (size_t i = 0; i < sm->tab->count; i++)
		if (sm->procs[i].pid != 0)
			return true;
	return false;
}

/* Single user is over once nothing runs in it any more, if there is a
 * default level to go to. */
static bool single_user_ended(const struct sm *sm)
{
	char to = sm->tab->initdefault;

	return sm->level == 'S' && to && to != 'S' && !level_has_processes(sm);
}

/* Start what the current level wants, in file order; a running `wait`
 * entry holds back everything after it.  Returns true when nothing is
 * held back: the level is fully entered. */
static bool start_level_entries(struct sm *sm, struct sm_actions *out,
				int64_t now)
{
	for (size_t i = 0; i < sm->tab->count; i++) {
		struct proc *p = &sm->procs[i];
		const struct entry *e = &sm->tab->entries[i];

		/* This runs after every event, and part way through a long
		 * boot most of the table has run its course: pass over
		 * those entries before the costlier checks below, which
		 * would pass over them too. */
		if (p->ran && action_is(e->action, AP_ONCE) &&
		    (!action_is(e->action, AP_WAITED) || p->pid == 0))
			continue;
		if (!allowed_in(e, sm->level) || leftover_holds_id(sm, e->id))
			continue;
		if (p->disabled_until > now || p->retry_at > now) {
			if (e->action == ACT_WAIT && !p->ran)
				return false;
			continue;
		}
		switch (e->action) {
		case ACT_WAIT:
			if (!p->ran) {
				p->ran = true;
				start(sm, out, i);
				return false;
			}
			if (p->pid != 0)
				return false;
			break;
		case ACT_ONCE:
			if (!p->ran) {
				p->ran = true;
				start(sm, out, i);
			}
			break;
		case ACT_RESPAWN:
			if (p->pid == 0 && !p->stopping)
				start_respawning(sm, out, i, now);
			break;
		case ACT_ONDEMAND:
			if (p->od_active && p->pid == 0)
				start_respawning(sm, out, i, now);
			break;
		default:
			break;
		}
	}
	return true;
}

static char chosen_boot_level(const struct sm *sm)
{
	if (sm->boot.level)
		return sm->boot.level;
	if (sm->boot_request)
		return sm->boot_request;
	return sm->tab->initdefault;
}

static void advance(struct sm *sm, struct sm_actions *out, int64_t now)
{
	start_events(sm, out);

	/* Each phase either waits (return) or hands over to the next one
	 * within the same step, so one event can carry boot all the way
	 * into the default level. */
	for (;;) {
		switch (sm->phase) {
		case SM_PH_NEW:
		case SM_PH_ASK:
			return;
		case SM_PH_SYSINIT:
			if (!run_boot_entries(sm, out, ACT_SYSINIT, ACT_SYSINIT, now))
				return;
			/* As sysvinit: the boot record is written once sysinit
			 * has mounted the file systems that hold utmp and wtmp. */
			emit(sm, out, SM_UTMP_BOOT);
			sm->phase = SM_PH_BOOT;
			continue;
		case SM_PH_BOOT: {
			if (!run_boot_entries(sm, out, ACT_BOOTWAIT, ACT_BOOT, now))
				return;
			char level = chosen_boot_level(sm);
			if (!level) {
				sm->phase = SM_PH_ASK;
				emit(sm, out, SM_ASK_LEVEL);
				return;
			}
			enter_level(sm, out, level);
			continue;
		}
		case SM_PH_CHANGING:
			for (size_t i = 0; i < sm->tab->count; i++)
				if (sm->procs[i].stopping && sm->procs[i].pid != 0)
					return;
			enter_level(sm, out, sm->target);
			continue;
		case SM_PH_RUNNING:
			if (!start_level_entries(sm, out, now))
				return;
			waiters_answer(sm, out);
			if (single_user_ended(sm)) {
				/* As sysvinit: leaving sulogin (^D) goes on to
				 * the default level. */
				change_level(sm, out, sm->tab->initdefault, -1, now);
				continue;
			}
			if (!sm->settled_logged && !level_has_processes(sm)) {
				sm->settled_logged = true;
				say(sm, out, "no more processes left in this runlevel");
			}
			return;
		}
	}
}

static void enter_level(struct sm *sm, struct sm_actions *out, char level)
{
	sm->prev = sm->level;
	sm->level = level;
	sm->phase = SM_PH_RUNNING;
	sm->settled_logged = false;
	for (size_t i = 0; i < sm->tab->count; i++) {
		if (action_is(sm->tab->entries[i].action, AP_LEVELS | AP_ONCE))
			sm->procs[i].ran = false;
	}
	say(sm, out, "Entering runlevel: %c", level);
	struct sm_action *a = emit(sm, out, SM_UTMP_RUNLEVEL);
	if (a) {
		a->level = level;
		a->prev = sm->prev;
	}
}

static void change_level(struct sm *sm, struct sm_actions *out, char level,
			 int grace_ms, int64_t now)
{
	bool any = false;

	say(sm, out, "Switching to runlevel: %c", level);
	sm->target = level;
	sm->phase = SM_PH_CHANGING;
	sm->grace_ms = grace_ms >= 0 ? grace_ms : SM_GRACE_DEFAULT_MS;
	for (size_t i = 0; i < sm->tab->count; i++) {
		const struct proc *p = &sm->procs[i];
		if (p->pid > 0 && !p->stopping &&
		    must_stop_for(&sm->tab->entries[i], level))
			any = true;
	}
	if (any)
		say(sm, out, "Sending processes configured via /etc/inittab the TERM signal");
	for (size_t i = 0; i < sm->tab->count; i++) {
		struct proc *p = &sm->procs[i];
		const struct entry *e = &sm->tab->entries[i];
		/* A newer request with a shorter grace is not held up by the
		 * longer one still running out. */
		if (p->stopping && !p->killed && p->kill_at > now + sm->grace_ms)
			p->kill_at = now + sm->grace_ms;
		if (p->pid > 0 && !p->stopping && must_stop_for(e, level)) {
			stop(sm, out, i, now);
			if (e->action == ACT_ONDEMAND)
				p->od_active = false;
		}
	}
}

/* ---- events ----------------------------------------------------------- */

static void on_exit_of(struct sm *sm, struct sm_actions *out, pid_t pid,
		       int status)
{
	struct pidnode *n = pid_find(sm, pid);

	if (!n)
		return;         /* an adopted orphan: reaping it was all */
	if (n->leftover) {
		struct leftover *o = &sm->leftovers[n->index];
		if (!o->no_utmp)
			utmp_record(sm, out, SM_UTMP_DEAD, o->id, pid);
		size_t idx = n->index;
		pid_forget(sm, pid);
		leftover_remove(sm, idx);
		return;
	}

	size_t i = n->index;
	struct proc *p = &sm->procs[i];
	const struct entry *e = &sm->tab->entries[i];

	pid_forget(sm, pid);
	p->pid = 0;
	p->has_status = true;
	p->last_status = status;
	if (!e->no_utmp)
		utmp_record(sm, out, SM_UTMP_DEAD, e->id, pid);
	if (action_is(e->action, AP_RESPAWN) && !p->stopping) {
		if (WIFSIGNALED(status))
			say(sm, out, "Id \"%s\" (pid %d) killed by signal %d",
			    e->id, (int)pid, WTERMSIG(status));
		else
			say(sm, out, "Id \"%s\" (pid %d) exited with status %d",
			    e->id, (int)pid, WEXITSTATUS(status));
	}
	p->stopping = false;
	p->killed = false;
}

static bool is_fork_failure(int err)
{
	return err == EAGAIN || err == ENOMEM || err == EINTR;
}

static void on_spawned(struct sm *sm, struct sm_actions *out,
		       const struct sm_event *ev, int64_t now)
{
	if (ev->entry >= sm->tab->count)
		return;
	struct proc *p = &sm->procs[ev->entry];
	const struct entry *e = &sm->tab->entries[ev->entry];

	if (p->pid != PID_PENDING)
		return;
	if (ev->pid > 0) {
		p->pid = ev->pid;
		p->retry_at = 0;
		pid_index(sm, ev->pid, false, ev->entry);
		if (!e->no_utmp)
			utmp_record(sm, out, SM_UTMP_INIT, e->id, ev->pid);
		return;
	}
	p->pid = 0;
	if (is_fork_failure(ev->err)) {
		/* Not the entry's fault: try the same start again later. */
		say(sm, out, "cannot start Id \"%s\": %s; retrying in %d s",
		    e->id, strerror(ev->err), SM_RETRY_MS / 1000);
		p->starts--;
		p->ran = false;
		p->event_pending = action_is(e->action, AP_EVENT);
		p->retry_at = now + SM_RETRY_MS;
		if (p->window_starts)
			p->window_starts--;
		return;
	}
	/* The program itself cannot run: count it as a start that exited
	 * at once, as if the shell had said 127. */
	say(sm, out, "cannot execute \"%s\" for Id \"%s\": %s",
	    e->process, e->id, strerror(ev->err));
	p->has_status = true;
	p->last_status = 127 << 8;
}

static void set_env(struct sm *sm, struct sm_actions *out, const char *var)
{
	size_t namelen = strcspn(var, "=");

	for (size_t i = 0; i < sm->nenv; i++) {
		if (strncmp(sm->env[i], var, namelen) != 0 ||
		    sm->env[i][namelen] != '=')
			continue;
		free(sm->env[i]);
		sm->env[i] = sm->env[--sm->nenv];
		sm->env[sm->nenv] = NULL;
		break;
	}
	if (var[namelen] != '=')
		return;         /* an unset */
	if (sm->nenv == INITREQ_ENV_MAX) {
		say(sm, out, "too many variables set with telinit -e (max %d): %.*s ignored",
		    INITREQ_ENV_MAX, (int)namelen, var);
		return;
	}
	if (!(sm->env[sm->nenv] = strdup(var))) {
		sm->oom = true;
		return;
	}
	sm->env[++sm->nenv] = NULL;
}

static void trigger(struct sm *sm, enum action a1, enum action a2)
{
	for (size_t i = 0; i < sm->tab->count; i++) {
		enum action a = sm->tab->entries[i].action;
		if (a == a1 || a == a2)
			sm->procs[i].event_pending = true;
	}
}

static void on_level(struct sm *sm, struct sm_actions *out,
		     const struct sm_event *ev, int64_t now)
{
	char level = ev->level;

	switch (level) {
	case 'U':
		if (sm->phase < SM_PH_ASK) {
			say(sm, out, "re-exec refused while booting");
			return;
		}
		emit(sm, out, SM_REEXEC);
		return;
	case 'a': case 'b': case 'c': {
		unsigned bit = level == 'a' ? LEVEL_A_BIT :
			       level == 'b' ? LEVEL_B_BIT : LEVEL_C_BIT;
		for (size_t i = 0; i < sm->tab->count; i++) {
			const struct entry *e = &sm->tab->entries[i];
			if (e->action == ACT_ONDEMAND && (e->levels & bit))
				sm->procs[i].od_active = true;
		}
		waiter_add(sm, ev->nonce);
		return;
	}
	default:
		break;
	}
	if (!level_bit(level)) {
		say(sm, out, "ignoring request for unknown runlevel '%c'", level);
		return;
	}
	waiter_add(sm, ev->nonce);
	switch (sm->phase) {
	case SM_PH_NEW:
	case SM_PH_SYSINIT:
	case SM_PH_BOOT:
		sm->boot_request = level;
		return;
	case SM_PH_ASK:
		enter_level(sm, out, level);
		return;
	case SM_PH_RUNNING:
		if (level == sm->level)
			return;
		/* fall through */
	case SM_PH_CHANGING:
		change_level(sm, out, level, ev->grace_ms, now);
		return;
	}
}

static void on_reload(struct sm *sm, struct sm_actions *out,
		      const struct sm_event *ev, int64_t now)
{
	struct inittab *t = ev->table;

	/* Whatever comes of it, the request is answered once settled. */
	waiter_add(sm, ev->nonce);
	if (!t)
		return;
	if (t->count == 0) {
		say(sm, out, "new configuration has no valid entry: keeping the current one");
		inittab_free(t);
		free(t);
		return;
	}
	builtin_add_shell(t);

	struct proc *procs = calloc(t->count, sizeof(*procs));
	bool *kept = calloc(sm->tab->count + 1, sizeof(*kept));
	if (!procs || !kept) {
		free(procs);
		free(kept);
		inittab_free(t);
		free(t);
		sm->oom = true;
		return;
	}
	unsigned nkept = 0, nstopped = 0;
	for (size_t j = 0; j < t->count; j++) {
		for (size_t i = 0; i < sm->tab->count; i++) {
			if (kept[i] || strcmp(sm->tab->entries[i].id, t->entries[j].id) != 0)
				continue;
			if (entry_same(&sm->tab->entries[i], &t->entries[j])) {
				procs[j] = sm->procs[i];
				kept[i] = true;
				nkept++;
			}
			break;
		}
	}
	for (size_t i = 0; i < sm->tab->count; i++) {
		if (kept[i] || sm->procs[i].pid <= 0)
			continue;
		leftover_add(sm, out, &sm->tab->entries[i], &sm->procs[i], now);
		nstopped++;
	}
	free(kept);
	inittab_free(sm->tab);
	free(sm->tab);
	free(sm->procs);
	sm->tab = t;
	sm->procs = procs;
	pid_rebuild(sm);
	say(sm, out, "re-read inittab: %zu entries, %u unchanged, %u processes stopped",
	    t->count, nkept, nstopped);
}

static void on_boot(struct sm *sm, struct sm_actions *out,
		    const struct sm_event *ev)
{
	if (sm->phase != SM_PH_NEW)
		return;
	sm->boot = ev->boot;
	if (sm->boot.emergency) {
		struct inittab *t = sm->tab;
		struct proc *procs = calloc(t->count + 1, sizeof(*procs));
		if (!procs || !builtin_prepend_emergency(t)) {
			free(procs);
			sm->oom = true;
		} else {
			free(sm->procs);
			sm->procs = procs;
		}
		say(sm, out, "emergency boot: starting a shell before sysinit");
	}
	sm->phase = SM_PH_SYSINIT;
}

static void on_tick(struct sm *sm, struct sm_actions *out, int64_t now)
{
	bool announced = false;

	for (size_t i = 0; i < sm->tab->count; i++) {
		struct proc *p = &sm->procs[i];
		if (p->stopping && !p->killed && p->pid > 0 && p->kill_at <= now) {
			if (!announced)
				say(sm, out, "Sending processes configured via /etc/inittab the KILL signal");
			announced = true;
			send_signal(sm, out, p->pid, SIGKILL);
			p->killed = true;
		}
		if (p->disabled_until && p->disabled_until <= now)
			p->disabled_until = 0;
		if (p->retry_at && p->retry_at <= now)
			p->retry_at = 0;
	}
	for (size_t i = 0; i < sm->nleftovers; i++) {
		struct leftover *o = &sm->leftovers[i];
		if (!o->killed && o->kill_at <= now) {
			send_signal(sm, out, o->pid, SIGKILL);
			o->killed = true;
		}
	}
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
		break;
	case SM_EV_EXIT:
		on_exit_of(sm, out, ev->pid, ev->status);
		break;
	case SM_EV_LEVEL:
		on_level(sm, out, ev, now);
		break;
	case SM_EV_RELOAD:
		on_reload(sm, out, ev, now);
		break;
	case SM_EV_POWER:
		if (ev->power == 'F')
			trigger(sm, ACT_POWERWAIT, ACT_POWERFAIL);
		else if (ev->power == 'L')
			trigger(sm, ACT_POWERFAILNOW, ACT_POWERFAILNOW);
		else if (ev->power == 'O')
			trigger(sm, ACT_POWEROKWAIT, ACT_POWEROKWAIT);
		break;
	case SM_EV_CTRLALTDEL:
		trigger(sm, ACT_CTRLALTDEL, ACT_CTRLALTDEL);
		break;
	case SM_EV_KBREQUEST:
		trigger(sm, ACT_KBREQUEST, ACT_KBREQUEST);
		break;
	case SM_EV_SETENV:
		if (ev->var)
			set_env(sm, out, ev->var);
		break;
	case SM_EV_TICK:
		break;
	}
	on_tick(sm, out, now);
	advance(sm, out, now);
	return sm->oom ? -1 : 0;
}

int64_t sm_next_deadline(const struct sm *sm)
{
	int64_t best = -1;

#define CONSIDER(t) do { if ((t) > 0 && (best < 0 || (t) < best)) best = (t); } while (0)
	for (size_t i = 0; i < sm->tab->count; i++) {
		const struct proc *p = &sm->procs[i];
		if (p->stopping && !p->killed && p->pid > 0)
			CONSIDER(p->kill_at);
		CONSIDER(p->disabled_until);
		CONSIDER(p->retry_at);
	}
	for (size_t i = 0; i < sm->nleftovers; i++)
		if (!sm->leftovers[i].killed)
			CONSIDER(sm->leftovers[i].kill_at);
#undef CONSIDER
	return best;
}

/* ---- construction and introspection ----------------------------------- */

struct sm *sm_new(struct inittab *table)
{
	struct sm *sm = calloc(1, sizeof(*sm));

	if (!sm)
		return NULL;
	builtin_add_shell(table);
	sm->procs = calloc(table->count ? table->count : 1, sizeof(*sm->procs));
	if (!sm->procs) {
		free(sm);
		return NULL;
	}
	sm->tab = table;
	RB_INIT(&sm->pids);
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
	inittab_free(sm->tab);
	free(sm->tab);
	free(sm->procs);
	free(sm->leftovers);
	for (size_t i = 0; i < sm->nenv; i++)
		free(sm->env[i]);
	free(sm);
}

const struct inittab *sm_table(const struct sm *sm) { return sm->tab; }
size_t sm_count(const struct sm *sm) { return sm->tab->count; }
char sm_level(const struct sm *sm) { return sm->level; }
char sm_prevlevel(const struct sm *sm) { return sm->prev; }
bool sm_booting(const struct sm *sm) { return sm->phase < SM_PH_ASK; }
bool sm_asking(const struct sm *sm) { return sm->phase == SM_PH_ASK; }
bool sm_changing(const struct sm *sm) { return sm->phase == SM_PH_CHANGING; }
const char *const *sm_env(const struct sm *sm) { return (const char *const *)sm->env; }
bool sm_knows_pid(const struct sm *sm, pid_t pid) { return pid_find(sm, pid) != NULL; }

const struct entry *sm_entry(const struct sm *sm, size_t i)
{
	return i < sm->tab->count ? &sm->tab->entries[i] : NULL;
}

void sm_proc_info(const struct sm *sm, size_t i, int64_t now,
		  struct sm_proc_info *info)
{
	const struct proc *p = &sm->procs[i];
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

/* ---- re-exec ---------------------------------------------------------- */

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
			p->kill_at = r->kill_at;
			p->ran = r->ran;
			p->od_active = r->od_active;
			p->event_pending = r->event_pending;
			p->disabled_until = r->disabled_until;
			p->retry_at = r->retry_at;
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
	struct proc was = { .pid = r->pid, .stopping = r->leftover,
			    .killed = r->killed, .kill_at = r->kill_at };
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
	sm->grace_ms = in->grace_ms;
	if (sm->phase == SM_PH_CHANGING && !level_bit(sm->target))
		sm->phase = SM_PH_RUNNING;
	for (size_t i = 0; i < in->nenv; i++)
		set_env(sm, out, in->env[i]);
	for (size_t i = 0; i < in->nprocs; i++)
		import_proc(sm, out, &in->procs[i], now);
	advance(sm, out, now);
	return sm->oom ? -1 : 0;
}
