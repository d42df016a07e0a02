/*
 * sm_proctab: the process table: which pid is whose, starting, a spawn's
 * answer, stopping (TERM, KILL, "seems to hang"), leftovers, exits and
 * the timers they set.
 */
#include "sm_int.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <bsd/stdlib.h>
#include <bsd/string.h>

static int pidnode_cmp(const struct pidnode *a, const struct pidnode *b)
{
	return (a->pid > b->pid) - (a->pid < b->pid);
}

RB_GENERATE_STATIC(pidtree, pidnode, link, pidnode_cmp)

struct pidnode *pid_find(const struct sm *sm, pid_t pid)
{
	struct pidnode key = { .pid = pid };
	return RB_FIND(pidtree, (struct pidtree *)&sm->pt.pids, &key);
}

void pid_index(struct sm *sm, pid_t pid, bool leftover, size_t index)
{
	struct pidnode *n = pid_find(sm, pid);
	if (!n) {
		n = calloc(1, sizeof(*n));
		if (!n) {
			sm->oom = true;
			return;
		}
		n->pid = pid;
		RB_INSERT(pidtree, &sm->pt.pids, n);
	}
	n->leftover = leftover;
	n->index = index;
}

static void pid_forget(struct sm *sm, pid_t pid)
{
	struct pidnode *n = pid_find(sm, pid);
	if (n) {
		RB_REMOVE(pidtree, &sm->pt.pids, n);
		free(n);
	}
}

void pid_clear(struct sm *sm)
{
	struct pidnode *n, *next;
	for (n = RB_MIN(pidtree, &sm->pt.pids); n; n = next) {
		next = RB_NEXT(pidtree, &sm->pt.pids, n);
		RB_REMOVE(pidtree, &sm->pt.pids, n);
		free(n);
	}
}

void pid_rebuild(struct sm *sm)
{
	pid_clear(sm);
	for (size_t i = 0; i < sm->tab->count; i++)
		if (sm->pt.procs[i].pid > 0)
			pid_index(sm, sm->pt.procs[i].pid, false, i);
	for (size_t i = 0; i < sm->pt.nleftovers; i++)
		pid_index(sm, sm->pt.leftovers[i].pid, true, i);
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

/* Every record, the entries' then the leftovers': one walk for all that
 * both have. */
static size_t nrecs(const struct sm *sm)
{
	return sm->tab->count + sm->pt.nleftovers;
}

static struct procrec *rec(const struct sm *sm, size_t k)
{
	return k < sm->tab->count ? &sm->pt.procs[k] : &sm->pt.leftovers[k - sm->tab->count];
}

/* The records of a table's entries carry its ids. */
void name_records(struct sm *sm)
{
	for (size_t i = 0; i < sm->tab->count; i++)
		strlcpy(sm->pt.procs[i].id, sm->tab->entries[i].id, sizeof(sm->pt.procs[i].id));
}

/* Killed, and it seems to hang (kill_overdue): still waited for, so that
 * its end is recorded, but nothing waits on it any more, as sysvinit
 * forgets it. */
bool seems_to_hang(const struct procrec *p)
{
	return p->stopping && p->hung;
}

/* Told to stop, still there and not yet seen to hang: a level change
 * waits for it. */
static bool stop_awaited(const struct procrec *p)
{
	return p->stopping && p->pid != 0 && !seems_to_hang(p);
}

bool leftover_holds_id(const struct sm *sm, const char *id)
{
	for (size_t i = 0; i < sm->pt.nleftovers; i++)
		if (strcmp(sm->pt.leftovers[i].id, id) == 0 && !seems_to_hang(&sm->pt.leftovers[i]))
			return true;
	return false;
}

void start(struct sm *sm, struct sm_actions *out, size_t i)
{
	struct procrec *p = &sm->pt.procs[i];
	const struct entry *e = &sm->tab->entries[i];
	struct sm_action *a = emit(sm, out, SM_SPAWN);

	if (!a)
		return;
	a->entry = i;
	a->ctty = owns_console(sm, e);
	a->level = sm_child_runlevel(sm);
	a->prev = sm->prev;
	a->initscript = sm_uses_initscript(sm);
	/* A leftover of the same id still running seems to hang (or it
	 * would hold the id back): the slot is the new process's now, and
	 * the old one's end must not close it. */
	for (size_t k = 0; k < sm->pt.nleftovers; k++)
		if (strcmp(sm->pt.leftovers[k].id, e->id) == 0)
			sm->pt.leftovers[k].no_utmp = true;
	if (sm->level == 'S')
		sm->single.started = true;
	strlcpy(a->id, e->id, sizeof(a->id));
	p->pid = PID_PENDING;
	p->starts++;
}

/* TERM now (and CONT, so a stopped process can act on it), KILL once the
 * grace period is over. */
void stop(struct sm *sm, struct sm_actions *out, struct procrec *p, int64_t now)
{
	send_signal(sm, out, p->pid, SIGTERM);
	send_signal(sm, out, p->pid, SIGCONT);
	p->stopping = true;
	p->killed = false;
	p->hung = false;
	p->stage_ends_at = now + sm->grace_ms;
	sm->pt.maybe_timed = true;
}

/* The process of was goes on as a leftover (was names it: id, pid,
 * no_utmp), stopped unless it is being stopped already. */
void leftover_add(struct sm *sm, struct sm_actions *out,
		  const struct procrec *was, int64_t now)
{
	if (sm->pt.nleftovers == sm->pt.leftovers_cap) {
		size_t cap = sm->pt.leftovers_cap ? sm->pt.leftovers_cap * 2 : 8;
		struct procrec *v = reallocarray(sm->pt.leftovers, cap, sizeof(*v));
		if (!v) {
			sm->oom = true;
			return;
		}
		sm->pt.leftovers = v;
		sm->pt.leftovers_cap = cap;
	}
	struct procrec *o = &sm->pt.leftovers[sm->pt.nleftovers++];
	*o = (struct procrec){ .pid = was->pid, .leftover = true, .no_utmp = was->no_utmp,
			       .stopping = true, .killed = was->killed,
			       .hung = was->hung, .stage_ends_at = was->stage_ends_at };
	strlcpy(o->id, was->id, sizeof(o->id));
	sm->pt.maybe_timed = true;
	if (!was->stopping)
		stop(sm, out, o, now);
}

static void leftover_remove(struct sm *sm, size_t i)
{
	sm->pt.leftovers[i] = sm->pt.leftovers[--sm->pt.nleftovers];
	if (i < sm->pt.nleftovers)
		pid_index(sm, sm->pt.leftovers[i].pid, true, i);
}

/* The KILL round: whatever was told to stop and is still there once its
 * grace period is over.  Whatever SIGKILL has not ended SM_HANG_MS later
 * (stuck in the kernel: a dead NFS server, a broken device) "seems to
 * hang", as sysvinit says, and no longer holds up a level change: a
 * shutdown must not wait for it forever.  It is still waited for, so its
 * end is recorded when it comes. */
void kill_overdue(struct sm *sm, struct sm_actions *out, int64_t now)
{
	bool announced = false;

	for (size_t k = 0; k < nrecs(sm); k++) {
		struct procrec *p = rec(sm, k);

		if (!p->stopping || p->pid <= 0 || p->hung || p->stage_ends_at > now)
			continue;
		if (p->killed) {
			say_to(sm, out, SM_LOG_CONSOLE, "Pid %d [id %s] seems to hang",
			       (int)p->pid, p->id);
			p->hung = true;
			p->stage_ends_at = 0;
			continue;
		}
		if (!announced)
			say_to(sm, out, SM_LOG_CONSOLE,
			       "Sending processes configured via /etc/inittab the KILL signal");
		announced = true;
		send_signal(sm, out, p->pid, SIGKILL);
		p->killed = true;
		p->stage_ends_at = now + SM_HANG_MS;
	}
}

/* What keeps a level from being over, as sysvinit counts it: any process
 * of an entry but a `boot` one. */
bool level_has_processes(const struct sm *sm)
{
	for (size_t i = 0; i < sm->tab->count; i++)
		if (sm->pt.procs[i].pid != 0 && !action_is(sm->tab->entries[i].action, AP_LINGERS) &&
		    !seems_to_hang(&sm->pt.procs[i]))
			return true;
	return false;
}

bool stopping_any(const struct sm *sm)
{
	for (size_t k = 0; k < nrecs(sm); k++)
		if (stop_awaited(rec(sm, k)))
			return true;
	return false;
}

void on_exit_of(struct sm *sm, struct sm_actions *out, pid_t pid,
		int status)
{
	struct pidnode *n = pid_find(sm, pid);

	if (!n)
		return;         /* an adopted orphan: reaping it was all */
	if (n->leftover) {
		struct procrec *o = &sm->pt.leftovers[n->index];
		if (!o->no_utmp)
			utmp_record(sm, out, SM_UTMP_DEAD, o->id, pid);
		size_t idx = n->index;
		pid_forget(sm, pid);
		leftover_remove(sm, idx);
		return;
	}

	size_t i = n->index;
	struct procrec *p = &sm->pt.procs[i];
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
	p->hung = false;
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

void on_spawned(struct sm *sm, struct sm_actions *out,
		const struct sm_event *ev, int64_t now)
{
	if (ev->entry >= sm->tab->count)
		return;
	struct procrec *p = &sm->pt.procs[ev->entry];
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
		sm->pt.maybe_timed = true;
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

/* The earliest time something of p is due (KILL, "seems to hang", the
 * end of a respawn pause, a retry), or -1. */
static int64_t rec_deadline(const struct procrec *p)
{
	int64_t due[] = { p->stopping && p->pid > 0 && !p->hung ? p->stage_ends_at : 0,
			  p->disabled_until, p->retry_at };
	int64_t best = -1;

	for (size_t i = 0; i < sizeof(due) / sizeof(due[0]); i++)
		if (due[i] > 0 && (best < 0 || due[i] < best))
			best = due[i];
	return best;
}

/* The one scan for timers, shared by on_tick and sm_next_deadline. */
static int64_t earliest_deadline(const struct sm *sm)
{
	int64_t best = -1;

	for (size_t k = 0; k < nrecs(sm); k++) {
		int64_t t = rec_deadline(rec(sm, k));
		if (t > 0 && (best < 0 || t < best))
			best = t;
	}
	return best;
}

/* Time passed: KILLs and hangs that are due, pauses and retries over. */
void on_tick(struct sm *sm, struct sm_actions *out, int64_t now)
{
	if (!sm->pt.maybe_timed)
		return;
	kill_overdue(sm, out, now);
	for (size_t i = 0; i < sm->tab->count; i++) {
		struct procrec *p = &sm->pt.procs[i];
		if (p->disabled_until && p->disabled_until <= now)
			p->disabled_until = 0;
		if (p->retry_at && p->retry_at <= now)
			p->retry_at = 0;
	}
	sm->pt.maybe_timed = earliest_deadline(sm) > 0;
}

int64_t sm_next_deadline(const struct sm *sm)
{
	return sm->pt.maybe_timed ? earliest_deadline(sm) : -1;
}
