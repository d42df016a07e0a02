/*
 * inittab: the pure parser for /etc/inittab and /etc/inittab.d/NAME.tab.
 *
 * Text goes in, a table of entries and one-line diagnostics come out.
 * Nothing here touches the file system, so init, `init --check`, the
 * fuzzer and the unit tests all parse through exactly the same code.
 */
#ifndef INITTAB_H
#define INITTAB_H

#include <stdbool.h>
#include <stddef.h>

#define INITTAB_ID_MAX      4     /* the size of utmp's ut_id */
#define INITTAB_LEVELS_MAX  11    /* as sysvinit */
#define INITTAB_PROCESS_MAX 4096  /* sysvinit stops at 256 */

enum action {
	ACT_SYSINIT,
	ACT_BOOT,
	ACT_BOOTWAIT,
	ACT_WAIT,
	ACT_ONCE,
	ACT_RESPAWN,
	ACT_OFF,
	ACT_ONDEMAND,
	ACT_INITDEFAULT,
	ACT_POWERWAIT,
	ACT_POWERFAIL,
	ACT_POWEROKWAIT,
	ACT_POWERFAILNOW,
	ACT_CTRLALTDEL,
	ACT_KBREQUEST,
	ACT__COUNT
};

/*
 * Runlevel sets are bit masks: bit N for digit N (0..9), then S and the
 * ondemand letters.  An empty runlevels field parses to LEVELS_ALL_DIGITS
 * | LEVEL_S_BIT ("all levels"), with levels_given false.
 */
#define LEVEL_BIT(d)       (1u << (d))          /* d = 0..9 */
#define LEVEL_S_BIT        (1u << 10)
#define LEVEL_A_BIT        (1u << 11)
#define LEVEL_B_BIT        (1u << 12)
#define LEVEL_C_BIT        (1u << 13)
#define LEVELS_ALL_DIGITS  0x3ffu
#define LEVELS_ONDEMAND    (LEVEL_A_BIT | LEVEL_B_BIT | LEVEL_C_BIT)

struct entry {
	char id[INITTAB_ID_MAX + 1];
	unsigned levels;        /* LEVEL_* bits */
	bool levels_given;      /* false when the field was empty */
	char levels_text[INITTAB_LEVELS_MAX + 1];  /* the field as written */
	enum action action;
	bool no_utmp;           /* the process field began with '+' */
	char *process;          /* without the leading '+'; "" for initdefault */
	const char *file;       /* points into the table's file-name pool */
	unsigned line;          /* first physical line of the entry */
};

struct inittab {
	struct entry *entries;  /* in file order, ids unique */
	size_t count;
	size_t cap;
	char initdefault;       /* '0'..'9' or 'S'; 0 when no initdefault entry */
	char **files;           /* pool of file names the entries point into */
	size_t nfiles;
	unsigned errors;        /* diagnostics reported so far */
};

/* Called once per problem; msg is one line, e.g.
 * `/etc/inittab:12: unknown action "respwn"` (file and line included). */
typedef void (*inittab_diag_fn)(void *ctx, const char *msg);

void inittab_init(struct inittab *t);
void inittab_free(struct inittab *t);

/*
 * Parse one file's text (len bytes, need not be NUL-terminated) and append
 * its entries to t.  `file` names the source in diagnostics.  Bad lines are
 * reported through diag and skipped; a duplicate id (also across files)
 * keeps the first.  Returns the number of diagnostics for this text, or -1
 * when memory ran out (t then holds what was parsed before).
 */
int inittab_parse(struct inittab *t, const char *file, const char *text,
		  size_t len, inittab_diag_fn diag, void *ctx);

/* Action properties; action_is(a, P | Q) holds when a has both.  Every
 * question of what an action means is one of these. */
#define AP_BOOT          (1u << 0)  /* runs at boot only; its levels are ignored */
#define AP_ONCE          (1u << 1)  /* runs once per boot or per entry into a level */
#define AP_WAITED        (1u << 2)  /* what follows waits until it has exited */
#define AP_LEVELS        (1u << 3)  /* runs in the levels it names, stopped elsewhere */
#define AP_RESPAWN       (1u << 4)  /* started again when it exits */
#define AP_EVENT         (1u << 5)  /* started by a signal or a power request */
#define AP_SYSINIT       (1u << 6)  /* boot's first stage, before a level is chosen */
#define AP_BOOTSTAGE     (1u << 7)  /* boot's second stage, once one is */
#define AP_LINGERS       (1u << 8)  /* once started no level stops it or waits for it */
#define AP_ONDEMAND      (1u << 9)  /* its levels are a/b/c: telinit names them */
#define AP_SETTING       (1u << 10) /* no process: a setting of the table */
#define AP_S_BY_DEFAULT  (1u << 11) /* an empty levels field includes S (sysvinit) */
/* Which event starts it (with AP_EVENT). */
#define AP_ON_POWERFAIL  (1u << 12) /* power is failing */
#define AP_ON_POWERLOW   (1u << 13) /* power is failing now (battery low) */
#define AP_ON_POWEROK    (1u << 14) /* power is back */
#define AP_ON_CTRLALTDEL (1u << 15)
#define AP_ON_KBREQUEST  (1u << 16)

/* What each action means, in one table (inittab.c). */
struct action_info {
	const char *name;       /* as written in inittab */
	unsigned props;         /* AP_* */
};
extern const struct action_info action_table[ACT__COUNT];

/* Asked for every entry after every event: inline. */
static inline bool action_is(enum action a, unsigned props)
{
	return (unsigned)a < ACT__COUNT && (action_table[a].props & props) == props;
}

/* The entry with this id, or NULL. */
const struct entry *inittab_find(const struct inittab *t, const char *id);

/* Action names as written in inittab ("respawn"); NULL when out of range. */
const char *action_name(enum action a);
/* ACT__COUNT when the name is not an action. */
enum action action_from_name(const char *name);

/* The runlevel character ('0'..'9', 'S') as a LEVEL_* bit; 0 if none. */
unsigned level_bit(char level);

/* Format a LEVEL_* mask back to text ("2345", "S", "a"); buf >= 16 bytes. */
void levels_format(unsigned levels, char *buf, size_t size);

/* The levels an entry runs in: those it names, or when its field is
 * empty sysvinit's default, every digit (and S for the power and
 * Ctrl-Alt-Del entries).  Boot-time entries run in none. */
unsigned entry_levels(const struct entry *e);

/* The same as sysvinit spells it to /etc/initscript: the field as
 * written, its default, or "#" (sysinit) and "*" (boot, bootwait). */
void entry_levels_text(const struct entry *e, char *buf, size_t size);

/* Two entries that would run the same way (reload keeps such a process). */
bool entry_same(const struct entry *a, const struct entry *b);

#endif
