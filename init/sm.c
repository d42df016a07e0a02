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
	int64_t kill_at;         /* stopping: KILL is due, then "seems to hang"
	                            (killed); 0 once it seems to hang */
	bool ran;                /* run-once actions: ran in a level holding it */
	bool od_active;          /* named by telinit a/b/c: runs anywhere but S */
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
	int64_t kill_at;         /* as a proc's */
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
	bool has_events;         /* the table has power or keyboard entries */
	struct leftover *leftovers;
	size_t nleftovers, leftovers_cap;
	struct pidtree pids;

	enum sm_phase phase;
	char level, prev, target;
	int grace_ms;
	struct sm_boot_opts boot;
	char boot_request;       /* a level asked for while booting */
	char boot_target;        /* the level the boot entries lead to */
	bool did_boot;           /* the boot entries have run */
	bool settle_to_say;      /* "no more processes" is still to be said */
	/* Something started in single user since it last ended: the end of
	 * single user is an event only then, so that a single user with
	 * nothing it can run does not start over, or ask, in a loop. */
	bool single_ran;
	/* Some process or leftover may have a deadline (a KILL due, a
	 * respawn pause, a retry): false only once a pass found none, so
	 * that a table of 1000 entries is not scanned for timers after
	 * every event when nothing is timed. */
	bool timers;
	/* Entries [0, settled) are run-once entries that have run their
	 * course: the pass that starts a level's entries begins after
	 * them, so that a boot of 1000 `wait` entries is not quadratic.
	 * Back to 0 whenever an entry's "already ran", process or table
	 * may have changed under it. */
	size_t settled;

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

static void vsay(struct sm *sm, struct sm_actions *out, enum sm_log_sink sink,
		 const char *fmt, va_list ap)
{
	char *text;

	if (vasprintf(&text, fmt, ap) < 0) {
		sm->oom = true;
		return;
	}
	struct sm_action *a = emit(sm, out, SM_LOG);
	if (!a) {
		free(text);
		return;
	}
	a->text = text;
	a->sink = sink;
}

/* A message for the console and syslog, as sysvinit's L_VB. */
static void say(struct sm *sm, struct sm_actions *out, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void say(struct sm *sm, struct sm_actions *out, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsay(sm, out, SM_LOG_BOTH, fmt, ap);
	va_end(ap);
}

/* One for the console or syslog alone, where sysvinit says it there. */
static void say_to(struct sm *sm, struct sm_actions *out, enum sm_log_sink sink,
		   const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void say_to(struct sm *sm, struct sm_actions *out, enum sm_log_sink sink,
		   const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsay(sm, out, sink, fmt, ap);
	va_end(ap);
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

/* As sysvinit: an entry runs in the levels it names (its default when it
 * names none), and anywhere but single user once telinit a/b/c named it
 * (sysvinit's DEMAND flag). */
static bool runs_in(const struct entry *e, const struct proc *p, char level)
{
	if (p->od_active && level != 'S' && !action_is(e->action, AP_BOOT))
		return true;
	return (entry_levels(e) & level_bit(level)) != 0;
}

/* What a change to level stops: all that cannot run there, but boot
 * entries, which live through every level. */
static bool must_stop_for(const struct entry *e, const struct proc *p, char level)
{
	return e->action != ACT_BOOT && !runs_in(e, p, level);
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

/* Told to stop and not yet seen to hang: a level change waits for it. */
static bool holds_change(bool killed, int64_t kill_at)
{
	return !killed || kill_at;
}

/* Killed, and it seems to hang (kill_overdue): still waited for, so that
 * its end is recorded, but nothing waits on it any more, as sysvinit
 * forgets it. */
static bool hangs(const struct proc *p)
{
	return p->stopping && !holds_change(p->killed, p->kill_at);
}

static bool leftover_hangs(const struct leftover *o)
{
	return !holds_change(o->killed, o->kill_at);
}

static bool leftover_holds_id(const struct sm *sm, const char *id)
{
	for (size_t i = 0; i < sm->nleftovers; i++)
		if (strcmp(sm->leftovers[i].id, id) == 0 && !leftover_hangs(&sm->leftovers[i]))
			return true;
	return false;
}

/* As sysvinit, a run-once entry runs again only after a level that does
 * not hold it: "already ran" is forgotten for entries that cannot run in
 * level and are not running. */
static void forget_ran_outside(struct sm *sm, char level)
{
	for (size_t i = 0; i < sm->tab->count; i++) {
		struct proc *p = &sm->procs[i];
		const struct entry *e = &sm->tab->entries[i];
		if (p->ran && p->pid == 0 && action_is(e->action, AP_LEVELS) &&
		    !runs_in(e, p, level))
			p->ran = false;
	}
	sm->settled = 0;
}

/* sysvinit's fail_cancel: a re-read or a level change lifts every
 * respawn limit, so that fixing the cause and `telinit q` is enough. */
static void forget_respawn_limits(struct sm *sm)
{
	for (size_t i = 0; i < sm->tab->count; i++) {
		struct proc *p = &sm->procs[i];
		p->window_starts = 0;
		p->window_start = 0;
		p->disabled_until = 0;
	}
}

static void note_table(struct sm *sm)
{
	sm->has_events = false;
	for (size_t i = 0; i < sm->tab->count; i++)
		sm->has_events |= action_is(sm->tab->entries[i].action, AP_EVENT);
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
	/* A leftover of the same id still running seems to hang (or it
	 * would hold the id back): the slot is the new process's now, and
	 * the old one's end must not close it. */
	for (size_t k = 0; k < sm->nleftovers; k++)
		if (strcmp(sm->leftovers[k].id, e->id) == 0)
			sm->leftovers[k].no_utmp = true;
	if (sm->level == 'S')
		sm->single_ran = true;
	strlcpy(a->id, e->id, sizeof(a->id));
	p->pid = PID_PENDING;
	p->starts++;
}

/* The rate limit of whatever starts again by itself: more than
 * SM_RESPAWN_MAX starts within the window pauses the entry instead of
 * spinning.  False when it paused it. */
static bool may_start_again(struct sm *sm, struct sm_actions *out, size_t i,
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
		sm->timers = true;
		say(sm, out, "Id \"%s\" respawning too fast: disabled for %d minutes",
		    sm->tab->entries[i].id, SM_RESPAWN_PAUSE_MS / 60000);
		return false;
	}
	return true;
}

static void start_respawning(struct sm *sm, struct sm_actions *out, size_t i,
			     int64_t now)
{
	if (may_start_again(sm, out, i, now))
		start(sm, out, i);
}

/* TERM now (and CONT, so a stopped process can act on it), KILL once the
 * grace period is over. */
static void stop(struct sm *sm, struct sm_actions *out, struct proc *p, int64_t now)
{
	send_signal(sm, out, p->pid, SIGTERM);
	send_signal(sm, out, p->pid, SIGCONT);
	p->stopping = true;
	p->killed = false;
	p->kill_at = now + sm->grace_ms;
	sm->timers = true;
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
	sm->timers = true;
	o->pid = p->pid;
	strlcpy(o->id, e->id, sizeof(o->id));
	o->no_utmp = e->no_utmp;
	if (p->stopping) {
		o->killed = p->killed;
		o->kill_at = p->kill_at;
	} else {
		send_signal(sm, out, p->pid, SIGTERM);
		send_signal(sm, out, p->pid, SIGCONT);
		o->kill_at = now + sm->grace_ms;
	}
}

static void leftover_remove(struct sm *sm, size_t i)
{
	sm->leftovers[i] = sm->leftovers[--sm->nleftovers];
	if (i < sm->nleftovers)
		pid_index(sm, sm->leftovers[i].pid, true, i);
}

/* The KILL round: whatever was told to stop and is still there once its
 * grace period is over.  Whatever SIGKILL has not ended SM_HANG_MS later
 * (stuck in the kernel: a dead NFS server, a broken device) "seems to
 * hang", as sysvinit says, and no longer holds up a level change: a
 * shutdown must not wait for it forever.  It is still waited for, so its
 * end is recorded when it comes. */
static void kill_overdue(struct sm *sm, struct sm_actions *out, int64_t now)
{
	bool announced = false;

	for (size_t i = 0; i < sm->tab->count + sm->nleftovers; i++) {
		bool is_proc = i < sm->tab->count;
		struct proc *p = is_proc ? &sm->procs[i] : NULL;
		struct leftover *o = is_proc ? NULL : &sm->leftovers[i - sm->tab->count];
		pid_t pid = is_proc ? p->pid : o->pid;
		bool *killed = is_proc ? &p->killed : &o->killed;
		int64_t *kill_at = is_proc ? &p->kill_at : &o->kill_at;

		if ((is_proc && !p->stopping) || pid <= 0 ||
		    !holds_change(*killed, *kill_at) || *kill_at > now)
			continue;
		if (*killed) {
			say_to(sm, out, SM_LOG_CONSOLE, "Pid %d [id %s] seems to hang",
			       (int)pid, is_proc ? sm->tab->entries[i].id : o->id);
			*kill_at = 0;
			continue;
		}
		if (!announced)
			say_to(sm, out, SM_LOG_CONSOLE,
			       "Sending processes configured via /etc/inittab the KILL signal");
		announced = true;
		send_signal(sm, out, pid, SIGKILL);
		*killed = true;
		*kill_at = now + SM_HANG_MS;
	}
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
static unsigned retable(struct sm *sm, struct sm_actions *out, struct inittab *t,
			char level, int64_t now)
{
	bool fresh = t != sm->tab, announced = false;
	struct proc *procs = sm->procs;
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
		struct proc was = sm->procs[i];
		struct proc *p = e ? &procs[e - t->entries] : NULL;

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
		if (!p) {
			leftover_add(sm, out, old, &was, now);
			continue;
		}
		p->pid = was.pid;
		if (was.stopping) {
			p->stopping = true;
			p->killed = was.killed;
			p->kill_at = was.kill_at;
			sm->timers = true;
		} else {
			stop(sm, out, p, now);
		}
	}
	/* A newer request with a shorter grace is not held up by the longer
	 * one still running out. */
	for (size_t i = 0; i < t->count; i++)
		if (procs[i].stopping && !procs[i].killed &&
		    procs[i].kill_at > now + sm->grace_ms)
			procs[i].kill_at = now + sm->grace_ms;
	if (fresh) {
		inittab_free(sm->tab);
		free(sm->tab);
		free(sm->procs);
		sm->tab = t;
		sm->procs = procs;
		note_table(sm);
	}
	sm->settled = 0;
	pid_rebuild(sm);
	forget_respawn_limits(sm);
	if (level != 'N')
		forget_ran_outside(sm, level);
	/* telinit -t 0: KILL at once, as sysvinit. */
	kill_overdue(sm, out, now);
	return kept;
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

static void runlevel_record(struct sm *sm, struct sm_actions *out, char level,
			    char prev)
{
	struct sm_action *a = emit(sm, out, SM_UTMP_RUNLEVEL);

	if (a) {
		a->level = level;
		a->prev = prev;
	}
}

/* Into a level at the end of boot or of single user, as sysvinit's
 * boot_transitions: announced, recorded, and "no more processes" said
 * once it settles.  A change requested by telinit is announced and
 * recorded when it starts (change_level) and ends here quietly. */
static void enter_level(struct sm *sm, struct sm_actions *out, char level,
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

static void change_level(struct sm *sm, struct sm_actions *out, char level,
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

/* Power and keyboard entries start once their event has come and the
 * level holds them, in file order.  As sysvinit has them, the power and
 * Ctrl-Alt-Del entries come first, and a waited one (powerwait...) holds
 * back everything after it, kbrequest and the level's entries included,
 * until it has exited.  Returns false while one does. */
static bool start_events(struct sm *sm, struct sm_actions *out, int64_t now)
{
	/* Most tables have none: not two passes after every event. */
	if (!sm->has_events)
		return true;
	for (size_t k = 0; k < 2 * sm->tab->count; k++) {
		size_t i = k % sm->tab->count;
		struct proc *p = &sm->procs[i];
		const struct entry *e = &sm->tab->entries[i];
		bool waited = action_is(e->action, AP_WAITED);

		/* First pass the power group, second pass kbrequest. */
		if (!action_is(e->action, AP_EVENT) ||
		    (e->action == ACT_KBREQUEST) != (k >= sm->tab->count))
			continue;
		if (p->pid != 0) {
			if (waited && !hangs(p))
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

/* What keeps a level from being over, as sysvinit counts it: any process
 * of an entry but a `boot` one. */
static bool level_has_processes(const struct sm *sm)
{
	for (size_t i = 0; i < sm->tab->count; i++)
		if (sm->procs[i].pid != 0 && sm->tab->entries[i].action != ACT_BOOT &&
		    !hangs(&sm->procs[i]))
			return true;
	return false;
}

static bool stopping_any(const struct sm *sm)
{
	for (size_t i = 0; i < sm->nleftovers; i++)
		if (!leftover_hangs(&sm->leftovers[i]))
			return true;
	for (size_t i = 0; i < sm->tab->count; i++) {
		const struct proc *p = &sm->procs[i];
		if (p->stopping && p->pid != 0 && !hangs(p))
			return true;
	}
	return false;
}

/* Start what the current level wants, in file order; a running `wait`
 * entry holds back everything after it.  Returns true when nothing is
 * held back: the level is fully entered. */
static bool start_level_entries(struct sm *sm, struct sm_actions *out,
				int64_t now)
{
	for (size_t i = sm->settled; i < sm->tab->count; i++) {
		struct proc *p = &sm->procs[i];
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

static char chosen_boot_level(const struct sm *sm)
{
	if (sm->boot.level)
		return sm->boot.level;
	if (sm->boot_request)
		return sm->boot_request;
	return sm->tab->initdefault;
}

/* After sysinit, as sysvinit: single user comes before the boot entries,
 * any other level after them. */
static void after_sysinit(struct sm *sm, char level)
{
	if (level == 'S') {
		sm->level = 'S';
		sm->prev = 'N';
		sm->phase = SM_PH_RUNNING;
		return;
	}
	sm->boot_target = level;
	sm->phase = SM_PH_BOOT;
}

/* Single user starting over, as sysvinit when the default level is S
 * itself: the run-once entries of S alone (runlevels field "S": sulogin)
 * run again, through the rate limit, so a sulogin that cannot open the
 * console does not spin.  True when one is to run again. */
static bool restart_single_user(struct sm *sm, struct sm_actions *out, int64_t now)
{
	bool again = false;

	for (size_t i = 0; i < sm->tab->count; i++) {
		const struct entry *e = &sm->tab->entries[i];
		struct proc *p = &sm->procs[i];

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
	if (!sm->did_boot) {
		/* A request while the boot entries run goes before it. */
		sm->boot_request = 0;
		sm->boot_target = level;
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
static bool end_single_user(struct sm *sm, struct sm_actions *out, int64_t now)
{
	char to = sm->tab->initdefault;

	if (sm->level != 'S' || level_has_processes(sm))
		return false;
	if (to && to != 'S') {
		leave_single_user(sm, out, to);
		return true;
	}
	if (!sm->single_ran)
		return false;
	sm->single_ran = false;
	if (to == 'S')
		return restart_single_user(sm, out, now);
	sm->phase = SM_PH_ASK;
	emit(sm, out, SM_ASK_LEVEL);
	return true;
}

static void advance(struct sm *sm, struct sm_actions *out, int64_t now)
{
	if (!start_events(sm, out, now))
		return;

	/* Each phase either waits (return) or hands over to the next one
	 * within the same step, so one event can carry boot all the way
	 * into the default level. */
	for (;;) {
		switch (sm->phase) {
		case SM_PH_NEW:
		case SM_PH_ASK:
			return;
		case SM_PH_SYSINIT: {
			if (!run_boot_entries(sm, out, ACT_SYSINIT, ACT_SYSINIT, now))
				return;
			/* As sysvinit: the boot record is written once sysinit
			 * has mounted the file systems that hold utmp and wtmp. */
			emit(sm, out, SM_UTMP_BOOT);
			char level = chosen_boot_level(sm);
			if (!level) {
				sm->phase = SM_PH_ASK;
				emit(sm, out, SM_ASK_LEVEL);
				return;
			}
			after_sysinit(sm, level);
			continue;
		}
		case SM_PH_BOOT:
			if (!run_boot_entries(sm, out, ACT_BOOTWAIT, ACT_BOOT, now))
				return;
			sm->did_boot = true;
			enter_level(sm, out, sm->boot_request ? sm->boot_request :
				    sm->boot_target, 'N', true);
			continue;
		case SM_PH_CHANGING:
			if (stopping_any(sm))
				return;
			enter_level(sm, out, sm->target, sm->prev, false);
			continue;
		case SM_PH_RUNNING:
			/* Again: the level may have just been entered. */
			if (!start_events(sm, out, now) ||
			    !start_level_entries(sm, out, now))
				return;
			waiters_answer(sm, out);
			if (end_single_user(sm, out, now))
				continue;
			if (sm->settle_to_say && !level_has_processes(sm)) {
				sm->settle_to_say = false;
				say(sm, out, "no more processes left in this runlevel");
			}
			return;
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
			say_to(sm, out, SM_LOG_SYSLOG, "Id \"%s\" (pid %d) killed by signal %d",
			       e->id, (int)pid, WTERMSIG(status));
		else
			say_to(sm, out, SM_LOG_SYSLOG, "Id \"%s\" (pid %d) exited with status %d",
			       e->id, (int)pid, WEXITSTATUS(status));
	}
	p->stopping = false;
	p->killed = false;
	/* Its "already ran" goes if the level does not hold it (others'
	 * went when the level began). */
	if (sm->phase == SM_PH_RUNNING && action_is(e->action, AP_LEVELS) &&
	    !runs_in(e, p, sm->level)) {
		p->ran = false;
		sm->settled = 0;
	}
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
		return;
	}
	p->pid = 0;
	if (is_fork_failure(ev->err)) {
		/* Not the entry's fault: try the same start again later. */
		say(sm, out, "cannot start Id \"%s\": %s; retrying in %d s",
		    e->id, strerror(ev->err), SM_RETRY_MS / 1000);
		p->starts--;
		p->ran = false;
		sm->settled = 0;
		p->event_pending = action_is(e->action, AP_EVENT);
		p->retry_at = now + SM_RETRY_MS;
		sm->timers = true;
		if (p->window_starts)
			p->window_starts--;
		return;
	}
	/* The program itself cannot run: count it as a start that exited
	 * at once, as if the shell had said 127. */
	char prog[256];
	size_t skip = e->process[0] == '@', len;
	skip += strspn(e->process + skip, " \t");
	len = strcspn(e->process + skip, " \t#");
	snprintf(prog, sizeof(prog), "%.*s", (int)len, e->process + skip);
	/* sysvinit's words, then ours (to syslog alone): why, and for whom. */
	say(sm, out, "cannot execute \"%s\"", prog);
	say_to(sm, out, SM_LOG_SYSLOG, "Id \"%s\": cannot execute \"%s\": %s",
	       e->id, e->process, strerror(ev->err));
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

/* The table that came with an event, or the current one; the event's is
 * freed when it is not used. */
static struct inittab *drop_table(struct inittab *t)
{
	if (t) {
		inittab_free(t);
		free(t);
	}
	return NULL;
}

static struct inittab *usable_table(struct sm *sm, struct sm_actions *out,
				    struct inittab *t)
{
	if (!t)
		return NULL;
	if (t->count == 0) {
		say(sm, out, "new configuration has no valid entry: keeping the current one");
		return drop_table(t);
	}
	builtin_add_shell(t);
	return t;
}

/* telinit a, b or c: as sysvinit, re-read, then every entry that names
 * the letter may run (again) in any level but single user, where the
 * request is ignored. */
static void on_demand(struct sm *sm, struct sm_actions *out,
		      const struct sm_event *ev, int64_t now)
{
	unsigned bit = ev->level == 'a' ? LEVEL_A_BIT :
		       ev->level == 'b' ? LEVEL_B_BIT : LEVEL_C_BIT;
	struct inittab *t = usable_table(sm, out, ev->table);

	say_to(sm, out, SM_LOG_SYSLOG, "Activating demand-procedures for '%c'",
	       ev->level - 'a' + 'A');
	waiter_add(sm, ev->nonce);
	if (sm->phase < SM_PH_ASK) {
		drop_table(t);
		return;
	}
	if (t)
		retable(sm, out, t, sm->level, now);
	else
		forget_respawn_limits(sm);
	if (sm->level == 'S')
		return;
	for (size_t i = 0; i < sm->tab->count; i++) {
		if (sm->tab->entries[i].levels & bit) {
			sm->procs[i].od_active = true;
			sm->procs[i].ran = false;
		}
	}
	sm->settled = 0;
}

static void on_level(struct sm *sm, struct sm_actions *out,
		     const struct sm_event *ev, int64_t now)
{
	char level = ev->level;

	switch (level) {
	case 'U':
		drop_table(ev->table);
		if (sm->phase < SM_PH_ASK) {
			say(sm, out, "re-exec refused while booting");
			return;
		}
		emit(sm, out, SM_REEXEC);
		return;
	case 'a': case 'b': case 'c':
		on_demand(sm, out, ev, now);
		return;
	default:
		break;
	}
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
		sm->boot_request = level;
		return;
	case SM_PH_ASK:
		if (sm->level != 'S') {
			/* Asked after sysinit: any answer will do. */
			drop_table(ev->table);
			after_sysinit(sm, level);
			return;
		}
		/* Asked at the end of single user.  A telinit request for
		 * another level is what it is in single user, a change
		 * (sysvinit's read_level); the console's answer, or S, is
		 * the answer (its get_init_default), with inittab as it is
		 * now (edited in single user, say). */
		if (!ev->asked && level != 'S') {
			sm->phase = SM_PH_RUNNING;
			change_level(sm, out, level, ev->grace_ms,
				     usable_table(sm, out, ev->table), now);
			return;
		}
		struct inittab *t = usable_table(sm, out, ev->table);
		if (t)
			retable(sm, out, t, 'S', now);
		single_user_answered(sm, out, ev, now);
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

static void on_reload(struct sm *sm, struct sm_actions *out,
		      const struct sm_event *ev, int64_t now)
{
	struct inittab *t = usable_table(sm, out, ev->table);

	/* Whatever comes of it, the request is answered once settled. */
	waiter_add(sm, ev->nonce);
	if (!t)
		return;
	size_t count = t->count;
	unsigned nleft = (unsigned)sm->nleftovers;
	unsigned kept = retable(sm, out, t, sm->phase < SM_PH_ASK ? 'N' : sm->level, now);
	say_to(sm, out, SM_LOG_SYSLOG, "re-read inittab: %zu entries, %u kept, %u processes stopped",
	       count, kept, (unsigned)sm->nleftovers - nleft);
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
			sm->settled = 0;
		}
		say(sm, out, "emergency boot: starting a shell before sysinit");
	}
	sm->phase = SM_PH_SYSINIT;
}

static void on_tick(struct sm *sm, struct sm_actions *out, int64_t now)
{
	bool any = false;

	if (!sm->timers)
		return;
	kill_overdue(sm, out, now);
	for (size_t i = 0; i < sm->tab->count; i++) {
		struct proc *p = &sm->procs[i];
		if (p->disabled_until && p->disabled_until <= now)
			p->disabled_until = 0;
		if (p->retry_at && p->retry_at <= now)
			p->retry_at = 0;
		any |= p->disabled_until || p->retry_at ||
		       (p->stopping && p->pid > 0 && !hangs(p));
	}
	for (size_t i = 0; i < sm->nleftovers; i++)
		any |= !leftover_hangs(&sm->leftovers[i]);
	sm->timers = any;
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
		 * boot made that quadratic). */
		if (ev->pid > 0)
			return sm->oom ? -1 : 0;
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

	if (!sm->timers)
		return -1;
#define CONSIDER(t) do { if ((t) > 0 && (best < 0 || (t) < best)) best = (t); } while (0)
	for (size_t i = 0; i < sm->tab->count; i++) {
		const struct proc *p = &sm->procs[i];
		if (p->stopping && p->pid > 0)
			CONSIDER(p->kill_at);
		CONSIDER(p->disabled_until);
		CONSIDER(p->retry_at);
	}
	for (size_t i = 0; i < sm->nleftovers; i++)
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
	note_table(sm);
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

char sm_sysv_runlevel(const struct sm *sm)
{
	if (sm->phase <= SM_PH_SYSINIT)
		return '#';
	if (sm->phase == SM_PH_BOOT)
		return '*';
	return sm->level;
}
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
