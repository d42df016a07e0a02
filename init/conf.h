/*
 * conf: read the configuration files (inittab and inittab.d/NAME.tab) and
 * hand their text to the pure parser.  Diagnostics go to a callback.
 */
#ifndef CONF_H
#define CONF_H

#include <stdbool.h>

#include "inittab.h"


/*
 * Parse `inittab` and then, when dropin_dir is not NULL, every *.tab file
 * in it in name order.  Returns a new table (free with inittab_free and
 * free), or NULL when memory ran out.  *found says whether `inittab`
 * could be read at all.
 */
struct inittab *conf_load(const char *inittab, const char *dropin_dir,
			  inittab_diag_fn diag, void *ctx, bool *found);

#endif
