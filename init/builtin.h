/*
 * builtin: the entries init adds to a parsed table of its own accord, so
 * that a machine can always be reached: a single-user shell when no entry
 * serves level S, and the emergency shell that runs before sysinit.
 * Both run sulogin, as sysvinit's; the shell that starts them runs
 * BUILTIN_SHELL_FALLBACK where sulogin is not executable.  Pure.
 */
#ifndef BUILTIN_H
#define BUILTIN_H

#include <stdbool.h>

#include "inittab.h"

#define BUILTIN_SHELL_ID        "~sh"
#define BUILTIN_EMERGENCY_ID    "~em"
#define BUILTIN_SHELL_PROCESS   "/sbin/sulogin"
#define BUILTIN_SHELL_FALLBACK  "/bin/sh"

/* Append the single-user shell entry unless an entry already runs in S. */
void builtin_add_shell(struct inittab *t);

/* Put the emergency shell first, as a sysinit entry.  False when memory
 * ran out (the table is then unchanged). */
bool builtin_prepend_emergency(struct inittab *t);

/*
 * What init adds to a table read from the files, before the state
 * machine gets it: the single-user shell, and with `emergency` the
 * emergency shell.  A replacement with no entry at all gets nothing: the
 * machine then keeps the table it runs ("no valid entry").  False when
 * memory ran out for the emergency shell.
 */
bool builtin_complete(struct inittab *t, bool replacing, bool emergency);

/* Whether e is one of the entries above. */
bool builtin_is_shell(const struct entry *e);

#endif
