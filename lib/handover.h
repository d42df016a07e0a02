/*
 * handover: the state one init hands the next across a re-exec, in
 * sysvinit's STATE_PIPE format, shared with sysvinit in both directions.
 *
 * The codec is pure: a plain data model (handover.c), text out
 * (handover_encode.c), text in (handover_decode.c, or a one-line reason
 * for refusing it).  It does no I/O; the caller owns descriptor
 * HANDOVER_FD.
 *
 * The wire, as sysvinit 3.06 writes it (src/init.c: make_pipe, send_state)
 * and reads it (check_pipe, receive_state, get_record, get_cmd):
 *
 *   12567362                 HANDOVER_SIGNATURE, 8 bytes, no newline: the
 *                            sender writes it first (make_pipe), the
 *                            receiver reads and checks it on its own
 *                            (check_pipe) before the text is read
 *   VER<version>             then one item a line, a 3-byte tag and a value
 *   -RL<c> -TL<c> -PL<c>     runlevel, thislevel, prevlevel (one byte each)
 *   -SI<u> -WR<d> -WU<d> -ST<d> -DB<d>   got_signals, wrote_wtmp_reboot,
 *                            wrote_utmp_reboot, sleep_time, did_boot
 *   (-LW<d> -LU<d>)          wrote_wtmp_rlevel, wrote_utmp_rlevel: read by
 *                            sysvinit, never written by it
 *   REC<id>  LEV<levels>  FL <name>...  PID<d>  EXS<u>  AC <action>
 *   CMD<process>  EOR        for every entry
 *   END
 *
 * handover_encode writes the text from VER to END, not the signature: the
 * caller writes HANDOVER_SIGNATURE into the pipe before it, as make_pipe
 * does, because the receiving side consumes the signature separately to
 * decide whether a state is there at all.  handover_decode takes the text
 * with or without the signature in front (so a raw copy of descriptor 11
 * decodes as it is).
 *
 * Extension tags.  What sysvinit does not keep travels in tags of our own,
 * every one "+" and two capital letters, one value a line, so that any of
 * them can be added or dropped later.  sysvinit's reader skips them:
 *  - get_cmd reads exactly 3 bytes and looks them up in cmds[] (VER END
 *    REC EOR LEV "FL " "AC " CMD PID EXS -RL -TL -PL -SI -WR -WU -ST -DB
 *    -LW -LU); none of ours is there, so it returns 0;
 *  - outside a record get_record's first loop, and inside one its second
 *    loop, both answer 0 with get_void (skip to the newline).  A *known*
 *    tag in the wrong place fails the whole read (oops_error), which is why
 *    ours never reuse a known name, and why a '-' name is avoided: sysvinit
 *    keeps its machine-level tags there, and one it adds later would make
 *    ours fail inside a record;
 *  - sysvinit reads numbers and level characters with fscanf("%d\n") and
 *    ("%c\n"), whose "\n" swallows any white space that follows, the next
 *    line's start included: a tag must not begin with white space, and '+'
 *    does not.
 * Machine-level extension tags follow the sysvinit header (before the first
 * REC); record-level ones follow CMD (before EOR).  Only values that differ
 * from the default (0, false, absent) are written.
 *
 *   machine   +PH<d>  phase of our state machine (absent: -1)
 *             +TG<c>  target level of a change in progress (absent: 0)
 *             +GR<d>  grace, ms between SIGTERM and SIGKILL (absent: -1)
 *             +EV<s>  an INIT_* variable from `telinit -e`, one a line
 *             +WN<s>  a pending `telinit -W` waiter's nonce, one a line
 *             +CN<s>  id of the entry that owns the console
 *   record    (the fields of struct procrec, procrec.h)
 *             +NS<u>  starts (restart count)
 *             +WB<t>  respawn window: when it began
 *             +WC<u>  respawn window: starts within it
 *             +DU<t>  disabled (respawning too fast) until
 *             +RA<t>  retry (fork failed) at
 *             +SP<b>  being stopped
 *             +KL<b>  SIGKILL already sent
 *             +KA<t>  stage_ends_at: SIGKILL due at (the grace's end), or,
 *                     once sent, "seems to hang" at; absent once it does
 *             +OD<b>  ondemand entry switched on (telinit a/b/c)
 *             +EP<b>  event pending (power, ctrlaltdel, kbrequest)
 *             +XS<d>  last wait status (present only when there is one)
 *             +NU<b>  no utmp records (process field began with '+')
 *             +OR<b>  leftover: its entry left the table, it is being stopped
 * <t> is int64 milliseconds of CLOCK_MONOTONIC (which survives exec), <b>
 * is 0 or 1, <s> is text with '\' written "\\" and a newline "\n".
 *
 * Reading is tolerant, so that version N+1 reads version N's state and the
 * reverse: unknown tags are skipped inside and outside records; missing
 * tags leave defaults (sysvinit's initial values for its fields, zero for
 * ours); unknown action names are kept as text, unknown flag names are
 * ignored; values beyond HANDOVER_ENV_MAX / HANDOVER_WAITERS_MAX (or an
 * over-long nonce) are dropped and counted, a version over
 * HANDOVER_VERSION_MAX is cut.  Values are checked: a number that is not
 * one (or out of its type's range), a level that is not one byte, an id,
 * runlevels or action longer than its field, a NUL byte in text or a bad
 * escape is an error, as are a line without a tag (under 3 bytes), a line
 * over HANDOVER_LINE_MAX and more than HANDOVER_RECORDS_MAX records.  The
 * structure is checked as sysvinit checks it: the text starts with VER; a
 * known record tag outside a record, or a known machine tag, VER, REC or
 * END inside one, is an error; no END (truncation) is an error.  What
 * follows END is ignored.
 */
#ifndef HANDOVER_H
#define HANDOVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "procrec.h"

#define HANDOVER_FD            11           /* sysvinit's STATE_PIPE */
#define HANDOVER_SIGNATURE     "12567362"
#define HANDOVER_SIGNATURE_LEN 8

/* Sizes of the fields (characters, without the NUL). */
#define HANDOVER_VERSION_MAX   255     /* sysvinit's old_version[256]; longer is cut */
#define HANDOVER_ID_MAX        7       /* sysvinit's CHILD id[8] */
#define HANDOVER_LEVELS_MAX    31      /* sysvinit's rlevel[12] holds 11 */
#define HANDOVER_ACTION_MAX    31      /* sysvinit reads it into s[32] */
#define HANDOVER_ENV_MAX       16      /* INIT_* variables */
#define HANDOVER_WAITERS_MAX   8       /* telinit -W nonces */
#define HANDOVER_NONCE_MAX     64

/* Bounds on what decode accepts (and encode produces). */
#define HANDOVER_RECORDS_MAX   100000
#define HANDOVER_LINE_MAX      65536   /* bytes of a line, tag included */
#define HANDOVER_INPUT_MAX     (64u << 20)

/* Record flags (sysvinit's flags[] table: the only ones it sends). */
#define HANDOVER_FL_RU 0x1u    /* RUNNING: the process runs */
#define HANDOVER_FL_DE 0x2u    /* DEMAND: ondemand entry switched on */
#define HANDOVER_FL_XD 0x4u    /* XECUTED: started once or more */
#define HANDOVER_FL_WT 0x8u    /* WAITING: init waits for it to end */

struct handover_rec {
	/* sysvinit's */
	char id[HANDOVER_ID_MAX + 1];
	char levels[HANDOVER_LEVELS_MAX + 1];   /* runlevels field as sent */
	unsigned flags;                         /* HANDOVER_FL_* */
	int pid;
	unsigned exstat;                        /* EXS: wait status */
	char action[HANDOVER_ACTION_MAX + 1];   /* as in inittab; "" when no AC */
	char *process;                          /* malloc'd; NULL reads as "" */
	/* ours: the process record as init keeps it (procrec.h), in the
	 * extension tags.  Its id, pid and ran travel as sysvinit's (REC, PID,
	 * FL XD) and are not read into it; hung is a killed one whose +KA
	 * (stage_ends_at) is 0. */
	struct procrec proc;
};

struct handover_state {
	/* sysvinit's; handover_state_init sets its initial values */
	char version[HANDOVER_VERSION_MAX + 1];
	char runlevel, thislevel, prevlevel;    /* 'S', 'S', 'N' */
	unsigned got_signals;                   /* 0 */
	int wrote_wtmp_reboot;                  /* 1 */
	int wrote_utmp_reboot;                  /* 1 */
	int sleep_time;                         /* 3 (seconds) */
	int did_boot;                           /* 0 */
	int wrote_wtmp_rlevel;                  /* -1: not sent (sysvinit never */
	int wrote_utmp_rlevel;                  /* sends them; encode omits -1) */
	struct handover_rec *recs;              /* in the order sent */
	size_t nrecs, caprecs;
	/* ours */
	int phase;                              /* -1: absent */
	char target;                            /* 0: none */
	int grace_ms;                           /* -1: absent */
	char *env[HANDOVER_ENV_MAX];            /* malloc'd "INIT_X=value" */
	size_t nenv;
	char waiters[HANDOVER_WAITERS_MAX][HANDOVER_NONCE_MAX + 1];
	size_t nwaiters;
	char console_id[HANDOVER_ID_MAX + 1];   /* "" when none */
	/* decode: extension values dropped for a limit (env, waiters, nonce
	 * length) */
	unsigned dropped;
};

/* An empty state with sysvinit's initial values. */
void handover_state_init(struct handover_state *st);
/* Frees what the state owns and leaves it as handover_state_init does. */
void handover_state_free(struct handover_state *st);

/* Append a record with the given id (defaults elsewhere) and return it, or
 * NULL when memory ran out, the id is longer than HANDOVER_ID_MAX or there
 * are HANDOVER_RECORDS_MAX records already.  Pointers into st->recs are
 * invalidated by the next call. */
struct handover_rec *handover_add_rec(struct handover_state *st, const char *id);
/* Copy s into the state: 0, or -1 when the list is full or memory ran
 * out (a nonce longer than HANDOVER_NONCE_MAX also gives -1). */
int handover_add_env(struct handover_state *st, const char *s);
int handover_add_waiter(struct handover_state *st, const char *nonce);

/*
 * The state as text, from VER to END (see above: no signature).  Returns
 * malloc'd bytes with a NUL after them and their count in *len (a level
 * character may itself be NUL), or NULL and a one-line reason in err: a
 * newline in a text field sysvinit reads raw (version, id, levels, action,
 * process), a field longer than its size, a line over HANDOVER_LINE_MAX,
 * more records than HANDOVER_RECORDS_MAX, or no memory.
 */
char *handover_encode(const struct handover_state *st, size_t *len,
		      char *err, size_t errsize);

/*
 * Decode len bytes (need not be NUL-terminated; at most HANDOVER_INPUT_MAX).
 * Returns 0 and fills out (which the caller frees with
 * handover_state_free), or -1, a one-line reason in err (e.g. `line 12:
 * PID without REC`) and out as handover_state_init leaves it.
 */
int handover_decode(const void *buf, size_t len, struct handover_state *out,
		    char *err, size_t errsize);

#endif
