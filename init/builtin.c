/*
 * builtin: the shell entries init adds to a table (see builtin.h).
 */
#include "builtin.h"

#include <string.h>

/* Added through the parser, so a built-in entry is an entry like any. */
static bool add_line(struct inittab *t, const char *line)
{
	size_t before = t->count;
	unsigned errors = t->errors;

	inittab_parse(t, "(built-in)", line, strlen(line), NULL, NULL);
	t->errors = errors;
	return t->count == before + 1;
}

void builtin_add_shell(struct inittab *t)
{
	for (size_t i = 0; i < t->count; i++) {
		const struct entry *e = &t->entries[i];
		if (action_is(e->action, AP_LEVELS) && !action_is(e->action, AP_ONDEMAND) &&
		    e->levels_given && (e->levels & LEVEL_S_BIT))
			return;
	}
	add_line(t, BUILTIN_SHELL_ID ":S:wait:" BUILTIN_SHELL_PROCESS "\n");
}

bool builtin_prepend_emergency(struct inittab *t)
{
	size_t n = t->count;

	if (!add_line(t, BUILTIN_EMERGENCY_ID "::sysinit:" BUILTIN_SHELL_PROCESS "\n"))
		return false;
	struct entry em = t->entries[n];
	memmove(&t->entries[1], &t->entries[0], n * sizeof(t->entries[0]));
	t->entries[0] = em;
	return true;
}

bool builtin_is_shell(const struct entry *e)
{
	return (strcmp(e->id, BUILTIN_SHELL_ID) == 0 ||
		strcmp(e->id, BUILTIN_EMERGENCY_ID) == 0) &&
	       strcmp(e->process, BUILTIN_SHELL_PROCESS) == 0;
}
