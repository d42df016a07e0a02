/*
 * sm_int: what the rooms of the state machine share and nobody else sees:
 * the machine's fields and each room's functions.  Not installed, not
 * included outside init/sm*.c.
 */
#ifndef SM_INT_H
#define SM_INT_H

#include "sm.h"

#include <stdbool.h>
#include <stdint.h>

/* libbsd leaves BSD's __unused undefined; its tree macros need it. */
#ifndef __unused
#define __unused __attribute__((__unused__))
#endif
#include <bsd/sys/tree.h>

#define PID_PENDING ((pid_t)-1)


/* A process record (procrec.h) of the machine: one per entry, in table
 * order, and one per leftover.  A leftover is a process whose entry left
 * the table on reload, stopped and then forgotten.  (An orphan is
 * something else: a process re-parented to init, which only needs
 * reaping.) */
struct pidnode {
	RB_ENTRY(pidnode) link;
	pid_t pid;
	bool leftover;
	size_t index;
};

RB_HEAD(pidtree, pidnode);

/* The process table (sm_proctab.c): a record per entry, in table order,
 * one per leftover, and the pid index over both. */
struct proctab {
	struct procrec *procs;
	struct procrec *leftovers;
	size_t nleftovers, leftovers_cap;
	struct pidtree pids;
	/* Some record may have a deadline (a KILL due, a respawn pause, a
	 * retry): false only once a scan found none, so that a table of
	 * 1000 entries is not scanned for timers after every event when
	 * nothing is timed. */
	bool maybe_timed;
};

/* Boot (sm_boot.c). */
struct boot {
	struct sm_boot_opts opts;  /* the kernel's choices */
	char requested;            /* a level telinit asked for while booting */
	char target;               /* the level the boot entries lead to */
	bool done;                 /* the boot entries have run */
};

/* Single user (sm_single.c). */
struct single {
	/* Something started in single user since it last ended (start()
	 * notes it): the end of single user is an event only then, so
	 * that a single user with nothing it can run does not start over,
	 * or ask, in a loop. */
	bool started;
};

/* What telinit left to answer or to pass on (sm_requests.c). */
struct requests {
	char waiters[SM_NONCE_MAX][INITREQ_NONCE_MAX + 1];   /* telinit -W */
	size_t nwaiters;
	char *env[INITREQ_ENV_MAX + 1];                      /* telinit -e */
	size_t nenv;
};

/* Requests that came during a change, oldest first (sm_queue.c). */
#define SM_QUEUE_MAX 16
struct queue {
	struct sm_event ev[SM_QUEUE_MAX];   /* tables owned, nonces NULL */
	/* A telinit u's nonce: it is answered when its request runs. */
	char u_nonce[SM_QUEUE_MAX][INITREQ_NONCE_MAX + 1];
	size_t n;
};

struct sm {
	struct inittab *tab;
	bool has_events;         /* the table has power or keyboard entries */
	struct proctab pt;

	/* The phase machine (sm.c) and the level (sm_levels.c). */
	enum sm_phase phase;
	char level, prev;
	char target;             /* SM_PH_CHANGING: the level it changes to */
	int grace_ms;            /* of the last change: TERM to KILL */
	bool settle_to_say;      /* "no more processes" is still to be said */
	/* Entries [0, settled) are run-once entries that have run their
	 * course: the pass that starts a level's entries begins after
	 * them, so that a boot of 1000 `wait` entries is not quadratic.
	 * Back to 0 whenever an entry's "already ran", process or table
	 * may have changed under it. */
	size_t settled;

	struct boot boot;
	struct single single;
	struct requests req;
	struct queue queue;

	/* SIGTSTP came and no SIGCONT yet: as sysvinit, which pauses in its
	 * handler, nothing starts (halt and shutdown -n send it, so that
	 * nothing respawns under them); exits and requests are still taken
	 * in, and what they call for happens at SIGCONT. */
	bool held;

	bool oom;                /* this step ran out of memory */
};


/* sm_out.c */
struct sm_action *emit(struct sm *sm, struct sm_actions *out,
		       enum sm_action_type type);
void say(struct sm *sm, struct sm_actions *out, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void say_to(struct sm *sm, struct sm_actions *out, enum sm_log_sink sink,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Answer telinit u's nonce (NULL or "": nobody waits) with why it was
 * not done. */
void reexec_refused(struct sm *sm, struct sm_actions *out, const char *nonce,
		    const char *why);
void send_signal(struct sm *sm, struct sm_actions *out, pid_t pid,
		 int sig);
void utmp_record(struct sm *sm, struct sm_actions *out,
		 enum sm_action_type type, const char *id, pid_t pid);
void runlevel_record(struct sm *sm, struct sm_actions *out, char level,
		     char prev);

/* sm_proctab.c */
struct pidnode *pid_find(const struct sm *sm, pid_t pid);
void pid_index(struct sm *sm, pid_t pid, bool leftover, size_t index);
void pid_clear(struct sm *sm);
void pid_rebuild(struct sm *sm);
void name_records(struct sm *sm);
bool seems_to_hang(const struct procrec *p);
bool leftover_holds_id(const struct sm *sm, const char *id);
void start(struct sm *sm, struct sm_actions *out, size_t i);
void stop(struct sm *sm, struct sm_actions *out, struct procrec *p, int64_t now);
void leftover_add(struct sm *sm, struct sm_actions *out,
		  const struct procrec *was, int64_t now);
void kill_overdue(struct sm *sm, struct sm_actions *out, int64_t now);
bool level_has_processes(const struct sm *sm);
bool stopping_any(const struct sm *sm);
void on_exit_of(struct sm *sm, struct sm_actions *out, pid_t pid,
		int status);
void on_spawned(struct sm *sm, struct sm_actions *out,
		const struct sm_event *ev, int64_t now);
void on_tick(struct sm *sm, struct sm_actions *out, int64_t now);

/* sm_levels.c */
bool runs_in(const struct entry *e, const struct procrec *p, char level);
bool must_stop_for(const struct entry *e, const struct procrec *p, char level);
void forget_ran_outside(struct sm *sm, char level);
void enter_level(struct sm *sm, struct sm_actions *out, char level,
		 char prev, bool announce);
bool start_level_entries(struct sm *sm, struct sm_actions *out,
			 int64_t now);
void change_level(struct sm *sm, struct sm_actions *out, char level,
		  int grace_ms, struct inittab *t, int64_t now);
void on_request(struct sm *sm, struct sm_actions *out,
		const struct sm_event *ev, int64_t now);

/* sm_respawn.c */
void forget_respawn_limits(struct sm *sm);
bool may_start_again(struct sm *sm, struct sm_actions *out, size_t i,
		     int64_t now);
void start_respawning(struct sm *sm, struct sm_actions *out, size_t i,
		      int64_t now);

/* sm_retable.c */
bool has_event_entries(const struct inittab *t);
unsigned retable(struct sm *sm, struct sm_actions *out, struct inittab *t,
		 char level, int64_t now);
void hold_starts_until_stopped(struct sm *sm);
struct inittab *drop_table(struct inittab *t);
struct inittab *usable_table(struct sm *sm, struct sm_actions *out,
			     struct inittab *t);
void on_reload(struct sm *sm, struct sm_actions *out,
	       const struct sm_event *ev, int64_t now);

/* sm_requests.c */
void waiter_add(struct sm *sm, const char *nonce);
void waiters_answer(struct sm *sm, struct sm_actions *out);
void set_env(struct sm *sm, struct sm_actions *out, const char *var);

/* sm_queue.c */
void take_request(struct sm *sm, struct sm_actions *out,
		  const struct sm_event *ev, int64_t now);
void run_request(struct sm *sm, struct sm_actions *out,
		 const struct sm_event *ev, int64_t now);
bool queue_run(struct sm *sm, struct sm_actions *out, int64_t now);
bool queue_waits(const struct sm *sm);
void queue_free(struct sm *sm);

/* sm_events.c */
bool start_events(struct sm *sm, struct sm_actions *out, int64_t now);
void trigger(struct sm *sm, unsigned on_event);
void on_demand(struct sm *sm, struct sm_actions *out,
	       const struct sm_event *ev, int64_t now);

/* sm_boot.c */
bool run_boot_entries(struct sm *sm, struct sm_actions *out, unsigned stage,
		      int64_t now);
char chosen_boot_level(const struct sm *sm);
void after_sysinit(struct sm *sm, char level);
void boot_done(struct sm *sm, struct sm_actions *out);
void on_boot(struct sm *sm, struct sm_actions *out,
	     const struct sm_event *ev);

/* sm_single.c */
void single_user_request(struct sm *sm, struct sm_actions *out,
			 const struct sm_event *ev, int64_t now);
bool end_single_user(struct sm *sm, struct sm_actions *out, int64_t now);

/* sm.c */
void advance(struct sm *sm, struct sm_actions *out, int64_t now);

#endif
