/*
 * libFuzzer target: the gettydefs parser, label chains, diagnostics and
 * the `getty -c` printout of whatever it accepted.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gettydefs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Each diagnostic is one line that fit the parser's 512-byte buffer. */
static void check_diag(void *ctx, const char *msg)
{
	unsigned *count = ctx;

	if (strlen(msg) >= 512 || strchr(msg, '\n'))
		abort();
	(*count)++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned reported = 0;
	struct gettydefs *defs = gettydefs_parse("/etc/gettydefs", (const char *)data, size,
						 check_diag, &reported);
	FILE *sink;

	if (defs == NULL)
		return 0;
	for (size_t i = 0; i < defs->n_entries; i++) {
		const struct gettydef *e = &defs->entries[i];

		if (e->next >= defs->n_entries)
			abort();    /* a chain index must stay inside the table */
		if (gettydefs_find(defs, e->label) < 0)
			abort();
	}
	if (reported != defs->errors)
		abort();
	sink = fopen("/dev/null", "we");
	if (sink != NULL) {
		gettydefs_print_entries(sink, defs);
		(void)gettydefs_print_summary(sink, defs);
		fclose(sink);
	}
	gettydefs_free(defs);
	return 0;
}
