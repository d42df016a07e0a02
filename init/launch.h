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

/* One start: the entry, whether it gets the console as its controlling
 * terminal, its environment; the outcome. */
struct spawn_req {
	const struct entry *e;
	bool ctty;
	const struct spawn_env *env;
	pid_t pid;                  /* with ctty, its keeper's; or -1 */
	int err;                    /* when -1: errno of the fork, ENOMEM, or
				     * ENOENT for no command */
};

/* How many starts the spawner is given ahead of its answers. */
#define SPAWN_WINDOW 32

/* Each of v[0..n) started, in order.  The children are made by the
 * spawner (spawner.h), given a window of orders at a time, or where it
 * cannot, by a fork of init; init waits for nothing a child does.
 * Unless the entry has '+', the child writes its INIT_PROCESS record
 * before it execs, as sysvinit's children do; when the exec fails, the
 * child says `cannot execute "PROG"`, writes its DEAD_PROCESS record and
 * exits with 127. */
void spawn_entries(struct spawn_req *v, size_t n);

/* In a new process: become the order's program (with ctty, under a
 * keeper).  Never returns. */
_Noreturn void launch_become(const struct start_order *o);

#endif
