/* Escapes in getty's texts: the backslash escapes a gettydefs field may
 * hold, and the substitutions made in the login prompt (@S, @L, ...) and
 * /etc/issue (\l, \n, ... and the @ forms).  Pure code: every value is
 * passed in. */
#ifndef GETTY_ESCAPE_H
#define GETTY_ESCAPE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

/* What substitutions expand to; the caller collects them (uname, utmp,
 * clock).  A NULL string expands to nothing. */
struct escape_values {
	const char *line;	/* "ttyS0" */
	const char *nodename;	/* uname -n */
	const char *sysname;	/* uname -s */
	const char *release;	/* uname -r */
	const char *version;	/* uname -v */
	const char *machine;	/* uname -m */
	const char *domainname;	/* NIS domain */
	long speed;		/* baud; <0 when unknown */
	struct tm now;		/* local time */
	unsigned users;		/* logged-in users */
};

enum expand_mode {
	EXPAND_PROMPT,	/* @ substitutions only */
	EXPAND_ISSUE,	/* backslash and @ substitutions */
};

/* Decode \b \n \r \t \f \v \\ \# \nnn in a gettydefs field; \c ends the
 * text there.  Returns a malloc'd string (NUL bytes from \000 are
 * refused), or NULL with a message in err. */
char *unescape_field(const char *text, char *err, size_t errlen);

/* Expand text of len bytes; returns a malloc'd buffer (also NUL
 * terminated) and its length in *out_len, or NULL when out of memory. */
char *escape_expand(const char *text, size_t len, enum expand_mode mode,
		    const struct escape_values *v, size_t *out_len);

#endif
