/*
 * libFuzzer target: the inittab parser and how each entry becomes an argv.
 *
 * The input is split at the first NUL byte into two "files" parsed into
 * one table, so duplicate ids across files (inittab + inittab.d) are
 * exercised too.  Every entry then goes through command_argv both with and
 * without an initscript, the way init starts it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "command.h"
#include "inittab.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void count_diag(void *ctx, const char *msg)
{
	unsigned *n = ctx;

	/* A diagnostic is one line: a newline inside would garble the log. */
	if (strchr(msg, '\n') != NULL)
		abort();
	++*n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	const char *nul = memchr(text, '\0', size);
	size_t first = nul != NULL ? (size_t)(nul - text) : size;
	struct inittab t;
	unsigned diags = 0;

	inittab_init(&t);
	if (inittab_parse(&t, "/etc/inittab", text, first, count_diag, &diags) >= 0 &&
	    nul != NULL)
		(void)inittab_parse(&t, "/etc/inittab.d/fuzz.tab", nul + 1,
				    size - first - 1, count_diag, &diags);

	for (size_t i = 0; i < t.count; i++) {
		const struct entry *e = &t.entries[i];
		char **argv = NULL;

		if (inittab_find(&t, e->id) != e)
			abort();    /* ids are unique: the first one wins */
		if (command_argv(e, NULL, &argv) == 0) {
			if (argv[0] == NULL)
				abort();
			command_free(argv);
		}
		argv = NULL;
		if (command_argv(e, "/etc/initscript", &argv) == 0)
			command_free(argv);
		(void)entry_same(e, &t.entries[0]);
	}
	inittab_free(&t);
	return 0;
}
