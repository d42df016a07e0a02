/*
 * sm: the runlevel state machine, init's pure core.
 *
 * It owns the parsed inittab and what it knows of every entry's process.
 * It never reads a clock, forks or kills: each event arrives with the
 * monotonic time in milliseconds, and what should happen leaves as a list
 * of actions that the shell (main.c) performs in order.  After performing
 * an SM_SPAWN the shell must feed back an SM_EV_SPAWNED event before any
 * other event, so entry indexes in actions stay valid.
 */
#ifndef SM_H
#define SM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "initreq.h"
#include "inittab.h"
#include "procrec.h"

_Static_assert(PROCREC_ID_MAX == INITTAB_ID_MAX, "a record holds an entry's id");

#define SM_GRACE_DEFAULT_MS   3000
#define SM_RESPAWN_WINDOW_MS  120000   /* more than ... */
#define SM_RESPAWN_MAX        10       /* ... this many starts in the window */
#define SM_RESPAWN_PAUSE_MS   300000   /* disables the entry this long */
#define SM_RETRY_MS           2000     /* after fork failed */
#define SM_HANG_MS            1000     /* after KILL: "seems to hang", go on */
#define SM_NONCE_MAX          8        /* telinit -W waiters remembered */

enum sm_event_type {
	SM_EV_BOOT,        /* fresh start: .boot holds the kernel's choices */
	SM_EV_SPAWNED,     /* answer to SM_SPAWN: .entry, .pid or .err */
	SM_EV_EXIT,        /* a child was reaped: .pid, .status */
	SM_EV_REQUEST,     /* telinit: .level ('0'-'9','S','U','a'-'c'), .grace_ms,
	                    * .nonce, and .table: inittab read again (may be
	                    * NULL; ownership passes) */
	SM_EV_RELOAD,      /* a freshly parsed table: .table (ownership passes);
	                    * .grace_ms of telinit -t, or < 0 for the last
	                    * request's (SIGHUP), as sysvinit's sleep_time */
	SM_EV_POWER,       /* .power 'F' (failing), 'L' (low), 'O' (ok) */
	SM_EV_CTRLALTDEL,
	SM_EV_KBREQUEST,
	SM_EV_SETENV,      /* .var "INIT_X=value" or "INIT_X" to unset */
	SM_EV_TICK,        /* nothing happened but time passed */
	SM_EV_HOLD,        /* SIGTSTP: start nothing until SM_EV_RESUME */
	SM_EV_RESUME,      /* SIGCONT: what was held back starts */
};

struct sm_boot_opts {
	char level;        /* from the kernel command line; 0 = initdefault */
	bool emergency;    /* -b / emergency: a shell before sysinit */
};

struct sm_event {
	enum sm_event_type type;
	size_t entry;
	pid_t pid;
	int err;           /* errno of a failed spawn */
	int status;        /* wait status */
	char level;
	bool asked;        /* the console's answer to SM_ASK_LEVEL */
	bool no_answer;    /* with asked: none could be read, so level S */
	int grace_ms;      /* < 0: default (a level), the last one (reload) */
	const char *nonce; /* may be NULL */
	char power;
	const char *var;
	struct inittab *table;
	struct sm_boot_opts boot;
};

enum sm_action_type {
	SM_SPAWN,          /* start entry .entry; .ctty: make the console its tty;
	                    * .level, .prev: its RUNLEVEL and PREVLEVEL (as
	                    * sm_child_runlevel and sm_prevlevel said when it
	                    * was decided: a later request in the same step
	                    * may have changed them since), .initscript;
	                    * its INIT_PROCESS record is the spawner's to write */
	SM_KILL,           /* send .sig to process group .pid */
	SM_LOG,            /* .text: one line for .sink */
	SM_UTMP_BOOT,      /* BOOT_TIME record */
	SM_UTMP_RUNLEVEL,  /* RUN_LVL record: .level, .prev */
	SM_UTMP_DEAD,      /* DEAD_PROCESS record: .id, .pid */
	SM_ASK_LEVEL,      /* no initdefault: ask the console, answer with SM_EV_REQUEST */
	SM_REEXEC,         /* telinit u: export the state and re-exec; .text:
	                    * the nonce to answer with (NULL: none) */
	SM_REFUSED,        /* answer a telinit u that is not done: .text is
	                    * its nonce, a space, and why */
	SM_STATUS,         /* write the status file answering nonce .text */
};

/* Where an SM_LOG line goes, as sysvinit's L_VB, L_CO and L_SY. */
enum sm_log_sink {
	SM_LOG_BOTH,       /* console and syslog */
	SM_LOG_CONSOLE,
	SM_LOG_SYSLOG,
};

struct sm_action {
	enum sm_action_type type;
	enum sm_log_sink sink;
	size_t entry;
	bool ctty;
	bool initscript;   /* SM_SPAWN: through /etc/initscript */
	pid_t pid;
	int sig;
	char id[INITTAB_ID_MAX + 1];
	char level, prev;
	char *text;        /* owned by the action list */
};

struct sm_actions {
	struct sm_action *v;
	size_t n, cap;
};

void sm_actions_clear(struct sm_actions *a);   /* frees texts, keeps memory */
void sm_actions_free(struct sm_actions *a);

/* What the status listing and the spawner need to know of an entry. */
enum sm_proc_state {
	SM_STOPPED, SM_STARTING, SM_RUNNING, SM_STOPPING, SM_WAITING,
	SM_DONE, SM_DISABLED, SM_RETRY,
};

struct sm_proc_info {
	enum sm_proc_state state;
	pid_t pid;                 /* 0 when none */
	unsigned restarts;         /* starts after the first */
	bool has_status;
	int last_status;           /* wait status of the last exit */
	int64_t disabled_left_ms;  /* SM_DISABLED: time until it is tried again */
};

struct sm;

/* Takes ownership of table, as init completed it (builtin_complete:
 * the machine adds no entry of its own).  NULL when memory ran out. */
struct sm *sm_new(struct inittab *table);
void sm_free(struct sm *sm);

/* Feed one event; actions are appended to out.  Returns -1 only when
 * memory ran out (the machine stays consistent; the event may be lost). */
int sm_step(struct sm *sm, const struct sm_event *ev, int64_t now,
	    struct sm_actions *out);

/* The earliest time at which SM_EV_TICK has work to do, or -1 for never:
 * an idle machine needs no wake-ups. */
int64_t sm_next_deadline(const struct sm *sm);

/* Introspection for the shell and the status listing. */
const struct inittab *sm_table(const struct sm *sm);
size_t sm_count(const struct sm *sm);    /* entries, incl. built-in ones */
const struct entry *sm_entry(const struct sm *sm, size_t i);
char sm_level(const struct sm *sm);      /* 'N' until the first level */
char sm_prevlevel(const struct sm *sm);
/* What a child started now is told: its RUNLEVEL, 'S' until boot is over
 * (as sysvinit's), then the level; and whether it runs through
 * /etc/initscript: as sysvinit decides by its runlevel variable ('#'
 * during sysinit, '*' during boot), everywhere but in single user. */
char sm_child_runlevel(const struct sm *sm);
bool sm_uses_initscript(const struct sm *sm);
bool sm_booting(const struct sm *sm);
/* The level as sysvinit keeps it in /var/run/runlevel: nothing (0) until
 * sysinit is over, '*' while the boot entries run, then the level. */
char sm_runlevel_log(const struct sm *sm);
/* Waiting for an answer to SM_ASK_LEVEL (a level request answers too). */
bool sm_asking(const struct sm *sm);
bool sm_changing(const struct sm *sm);
/* Whether pid belongs to an entry: adopted orphans need no event. */
bool sm_knows_pid(const struct sm *sm, pid_t pid);
void sm_proc_info(const struct sm *sm, size_t i, int64_t now,
		  struct sm_proc_info *info);
/* The extra INIT_* environment (NULL-terminated). */
const char *const *sm_env(const struct sm *sm);

/* status.c: the listing `telinit status` prints (malloc'd text). */
char *sm_status_text(const struct sm *sm, int64_t now);

/*
 * Re-exec: what the machine knows, as plain data, and back.  sm_import
 * runs on a machine built from a freshly parsed table: entries are
 * matched by id, and processes whose entry is gone are stopped.  The
 * text forms live elsewhere (state_v1.c).
 */
enum sm_phase {             /* the numbers travel in saved states */
	SM_PH_NEW,          /* before SM_EV_BOOT or sm_import */
	SM_PH_SYSINIT,      /* running the sysinit entries */
	SM_PH_BOOT,         /* running boot and bootwait, into the boot level */
	SM_PH_ASK_BOOT,     /* after sysinit, no level known: asking the console */
	SM_PH_CHANGING,     /* a level change waits for what it stopped */
	SM_PH_RUNNING,      /* in a level */
	SM_PH_ASK_SINGLE,   /* single user is over: asking the console where to;
	                     * saved as SM_PH_ASK_BOOT with level S, as 0.2 did */
};

struct sm_saved {
	char level, prev, target;
	enum sm_phase phase;
	int grace_ms;
	bool did_boot;                 /* the boot entries have run */
	const char *waiters[SM_NONCE_MAX];   /* telinit -W nonces (borrowed) */
	size_t nwaiters;
	const char *env[INITREQ_ENV_MAX];   /* borrowed: valid while the source is */
	size_t nenv;
	struct procrec *procs;         /* malloc'd: entries', then leftovers */
	size_t nprocs;
};

/* -1 when memory ran out.  Free out->procs when done. */
int sm_export(const struct sm *sm, struct sm_saved *out);
/* -1 when the state cannot be used (or memory ran out). */
int sm_import(struct sm *sm, const struct sm_saved *in, int64_t now,
	      struct sm_actions *out);

#endif
