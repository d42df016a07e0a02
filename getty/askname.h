/* Asking for the login name on the line: prompt, read, hunt along the
 * chain on BREAK, give up at the timeout. */
#ifndef GETTY_ASKNAME_H
#define GETTY_ASKNAME_H

#include <stdbool.h>
#include <stddef.h>
#include <termios.h>

#include "namein.h"

struct getty_options;
struct gettydefs;

struct login_name {
	char name[NAME_MAX_LEN + 1];
	bool uppercase;
	unsigned char erase;
};

/* Prompt until a name arrives, hunting along the chain on BREAK.
 * *entry follows the hunt; cflags and *keep as for set_reading_mode(). */
void read_name(const struct getty_options *o, const struct gettydefs *defs,
	       size_t *entry, tcflag_t cflags, speed_t *keep, const char *line,
	       struct login_name *out);

#endif
