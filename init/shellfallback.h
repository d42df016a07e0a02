/*
 * shellfallback: a shell where sulogin is missing: the built-in
 * single-user and emergency entries run sulogin, and a system without
 * it still gets a shell.
 */
#ifndef SHELLFALLBACK_H
#define SHELLFALLBACK_H

#include "inittab.h"

/* e, or *copy made from it to run the fallback shell. */
const struct entry *builtin_shell_fallback(const struct entry *e,
					   struct entry *copy);

#endif
