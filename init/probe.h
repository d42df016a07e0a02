/*
 * probe: whether a program file can become PID 1, asked before init
 * re-executes it (telinit u).  A binary that cannot start (the wrong
 * architecture, a library missing or too old, a crash before it reads its
 * state) would replace PID 1 and panic the kernel; init goes on running
 * instead and says why.
 *
 * The checks, each bounded in time (PID 1 waits at most PROBE_DEADLINE_MS);
 * a script ("#!") passes them all (the kernel runs its interpreter):
 *  - an executable ELF file for this machine (class and e_machine as
 *    init's own);
 *  - a dynamic one: the loader resolves every library and version it
 *    needs (it runs with LD_TRACE_LOADED_OBJECTS, which stops before main);
 *  - one of ours (it carries PROBE_MARK): it starts, and reads and decodes
 *    the very state it is about to be handed (`init --probe-state`, the
 *    state on its standard input) and exits 0.  Another init (sysvinit,
 *    going back) is checked by the first two only.
 */
#ifndef PROBE_H
#define PROBE_H

#include <stdbool.h>
#include <stddef.h>

#define PROBE_DEADLINE_MS 5000
#define PROBE_MARK "initsuite-probe-state-1"
#define PROBE_ARG "--probe-state"

/* 0 when path may be exec'd as PID 1, else -1 and why in err. */
int probe_program(const char *path, const char *state, size_t len,
		  char *err, size_t errsize);

/* init --probe-state: read a hand-over state on standard input and
 * decode it as a re-exec would; the exit status. */
int probe_state_mode(void);

#endif
