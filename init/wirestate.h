/*
 * wirestate: the machine's saved state (sm_saved) as the hand-over state
 * that sysvinit and we both read across a re-exec (lib/handover.h), and
 * back.  sysvinit takes the records as its table, so every entry goes out
 * with its runlevels, action and process as sysvinit spells them, and
 * with sysvinit's flags; what sysvinit does not keep travels in our
 * extension tags.  wirestate_save and wirestate_load are the whole pure
 * way out and in, for reexec.c and the tests alike.  Pure.
 */
#ifndef WIRESTATE_H
#define WIRESTATE_H

#include "handover.h"
#include "inittab.h"
#include "sm.h"

/* Our built-in single-user entry is sysvinit's "~~". */
#define WIRESTATE_SYSV_SHELL_ID "~~"

/* Fill out (initialized by the caller) from s and its table t.  -1 when
 * memory ran out. */
int wirestate_to_wire(const struct sm_saved *s, const struct inittab *t,
		    struct handover_state *out);

/*
 * Fill out from in, for a machine built on table t: a record is matched
 * to its entry by id.  Strings in out point into in, which must outlive
 * out; free out->procs.  Returns -1 (and a one-line reason in why) when
 * the state cannot be used: no runlevel to go on in, or no memory.
 */
int wirestate_from_wire(const struct handover_state *in, const struct inittab *t,
		      struct sm_saved *out, char *why, size_t whysize);

/* The whole way out: the machine's state as the wire text (VER to END,
 * no signature; see handover.h), malloc'd, its length in *len.  NULL and
 * a one-line reason in err when it cannot be made. */
char *wirestate_save(const struct sm *sm, size_t *len, char *err, size_t errsize);

/* The whole way in but the import: len bytes of wire text read into st
 * (initialized by the caller; free it after out) and out, for a machine
 * on table t.  Free out->procs.  -1 and a reason in why when it cannot
 * be used. */
int wirestate_load(const char *text, size_t len, const struct inittab *t,
		 struct handover_state *st, struct sm_saved *out,
		 char *why, size_t whysize);

#endif
