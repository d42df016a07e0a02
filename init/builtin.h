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

/* Whether e is one of the entries above. */
bool builtin_is_shell(const struct entry *e);

#endif
