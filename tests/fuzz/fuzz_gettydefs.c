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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gettydefs *defs = gettydefs_parse("/etc/gettydefs", (const char *)data, size);
	char line[512];
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
	for (size_t i = 0; i < defs->n_diags; i++) {
		gettydefs_format_diag(defs, i, line, sizeof line);
		if (strlen(line) >= sizeof line)
			abort();
	}
	sink = fopen("/dev/null", "we");
	if (sink != NULL) {
		(void)gettydefs_check_report(sink, defs);
		fclose(sink);
	}
	gettydefs_free(defs);
	return 0;
}
