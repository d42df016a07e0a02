/*
 * shellfallback: a shell where sulogin is missing (see shellfallback.h).
 */
#include "shellfallback.h"

#include <unistd.h>

#include "builtin.h"

/* The built-in single-user and emergency entries run sulogin; a system
 * without it still gets a shell.  Returns e, or *copy changed to run the
 * fallback. */
const struct entry *builtin_shell_fallback(const struct entry *e,
						  struct entry *copy)
{
	if (!builtin_is_shell(e) || access(BUILTIN_SHELL_PROCESS, X_OK) == 0)
		return e;
	*copy = *e;
	copy->process = (char *)BUILTIN_SHELL_FALLBACK;
	return copy;
}
