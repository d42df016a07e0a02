/*
 * builtin: the shell entries init adds to a table (see builtin.h), made
 * as entries, not parsed from text.
 */
#include "builtin.h"

#include <stdlib.h>
#include <string.h>

#include <bsd/stdlib.h>

/* Where a built-in entry says it comes from (status, diagnostics). */
static const char builtin_file[] = "(built-in)";

/* Append a copy of e (its process copied): an entry like any, made as
 * one rather than parsed from text.  False when memory ran out. */
static bool add_entry(struct inittab *t, const struct entry *e)
{
	if (t->count == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 8;
		struct entry *v = reallocarray(t->entries, cap, sizeof(*v));
		if (!v)
			return false;
		t->entries = v;
		t->cap = cap;
	}
	char *process = strdup(e->process);
	if (!process)
		return false;
	t->entries[t->count] = *e;
	t->entries[t->count].process = process;
	t->count++;
	return true;
}

void builtin_add_shell(struct inittab *t)
{
	for (size_t i = 0; i < t->count; i++) {
		const struct entry *e = &t->entries[i];
		if (action_is(e->action, AP_LEVELS) && !action_is(e->action, AP_ONDEMAND) &&
		    e->levels_given && (e->levels & LEVEL_S_BIT))
			return;
	}
	add_entry(t, &(struct entry){
		.id = BUILTIN_SHELL_ID, .levels = LEVEL_S_BIT, .levels_given = true,
		.levels_text = "S", .action = ACT_WAIT,
		.process = (char *)BUILTIN_SHELL_PROCESS, .file = builtin_file, .line = 1 });
}

bool builtin_prepend_emergency(struct inittab *t)
{
	size_t n = t->count;

	if (!add_entry(t, &(struct entry){
		    .id = BUILTIN_EMERGENCY_ID, .levels = LEVELS_ALL_DIGITS,
		    .action = ACT_SYSINIT, .process = (char *)BUILTIN_SHELL_PROCESS,
		    .file = builtin_file, .line = 1 }))
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
