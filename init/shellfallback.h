/*
 * shellfallback: a shell where sulogin is missing.
 */
#ifndef SHELLFALLBACK_H
#define SHELLFALLBACK_H

#include "inittab.h"

const struct entry *builtin_shell_fallback(const struct entry *e,
					   struct entry *copy);

#endif
