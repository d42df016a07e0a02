/*
 * conf: read the configuration files (inittab and inittab.d/NAME.tab) and
 * hand their text to the pure parser.  Diagnostics go to a callback.
 */
#ifndef CONF_H
#define CONF_H

#include <stdbool.h>

#include "inittab.h"


/* What came of reading the files. */
enum conf_outcome {
	CONF_READ,          /* every file that exists was read and parsed */
	CONF_NO_INITTAB,    /* `inittab` does not exist; the rest was read */
	CONF_UNUSABLE,      /* a file exists but could not be used (too large,
	                     * not a regular file, unreadable, out of memory):
	                     * the table lacks what it holds, so a running
	                     * table must not be replaced by this one */
};

/*
 * Parse `inittab` and then, when dropin_dir is not NULL, every *.tab file
 * in it in name order.  Returns a new table (free with inittab_free and
 * free), or NULL when memory ran out for the table itself.  A file that
 * cannot be used is named in one diagnostic, "FILE: REASON: " followed by
 * `consequence` (what the caller does about it).
 */
struct inittab *conf_load(const char *inittab, const char *dropin_dir,
			  const char *consequence, inittab_diag_fn diag, void *ctx,
			  enum conf_outcome *outcome);

#endif
