/*
 * launch: start one inittab entry's process the way sysvinit does, with a
 * clean slate: empty signal mask, default dispositions, a new session,
 * /dev/console (or /dev/null) as stdio, no other descriptors, and the
 * environment sysvinit gives: init's own, with the documented variables
 * set over it.  A process that gets the console as its controlling
 * terminal runs under a keeper process, as with sysvinit, so that what it
 * leaves in the background is not hung up when it exits.
 */
#ifndef LAUNCH_H
#define LAUNCH_H

#include <stdbool.h>
#include <sys/types.h>

#include "inittab.h"
#include "startorder.h"

struct spawn_env {
	char level, prev;                 /* RUNLEVEL, PREVLEVEL */
	bool initscript;                  /* /etc/initscript may run it */
	const char *const *extra;         /* INIT_* from telinit -e; may be NULL */
	const char *const *inherited;     /* init's own environment; may be NULL */
};

/* The PATH init's children get (and init itself searches). */
#define SPAWN_PATH "/sbin:/usr/sbin:/bin:/usr/bin"

/* Once, before the first spawn: init's own signal dispositions, which its
 * children inherit, back to default. */
void launch_prepare(void);

/* Returns the child's pid (with ctty, its keeper's), or -1 with *err set
 * (errno of fork, or ENOMEM, ENOENT for no command).  The child is made
 * by the spawner (spawner.h), or where it cannot, by a fork of init; init
 * waits for nothing the child does.  Unless the entry has '+', the child writes its
 * INIT_PROCESS record before it execs, as sysvinit's children do; when
 * the exec fails, the child says `cannot execute "PROG"`, writes its
 * DEAD_PROCESS record and exits with 127. */
pid_t spawn_entry(const struct entry *e, bool ctty, const struct spawn_env *env,
		  int *err);

/* In a new process: become the order's program (with ctty, under a
 * keeper).  Never returns. */
_Noreturn void launch_become(const struct start_order *o);

#endif
