/* The /etc/gettydefs table: entries split into fields and checked, label
 * chains resolved, problems reported in line order; and each entry shown
 * back as `getty -c` lists it.  Pure code: the caller reads the file and
 * hands over its text. */
#ifndef GETTY_GETTYDEFS_H
#define GETTY_GETTYDEFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "flags.h"

struct gettydef {
	char *label;
	struct flagset initial;
	struct flagset final;
	char *prompt;		/* escapes decoded; @ substitutions kept */
	char *next_label;
	char *login_program;	/* SCO's optional sixth field; NULL if absent */
	unsigned line;		/* where it was defined */
	size_t next;		/* index of next_label's entry (itself when
				 * that label is missing) */
};

struct gettydefs {
	char *filename;
	struct gettydef *entries;
	size_t n_entries;
	unsigned errors;	/* problems reported while parsing */
};

/* Called once per problem; msg is one line, e.g.
 * `/etc/gettydefs:12: initial-flags: unknown flag 'FOO'` (file, line and
 * field included). */
typedef void (*gettydefs_diag_fn)(void *ctx, const char *msg);

/* Parse len bytes of gettydefs text.  Entries with an error in a flag,
 * prompt or next-label field are kept (the error is reported); entries
 * that cannot be split into fields or lack a label are dropped.  Problems
 * go to diag (NULL: only counted) in line order, once the whole text is
 * read, since a next-label may name an entry further down.  Returns NULL
 * only when out of memory; then nothing is reported. */
struct gettydefs *gettydefs_parse(const char *filename, const char *text, size_t len,
				  gettydefs_diag_fn diag, void *ctx);

/* The entry used when no gettydefs exists: 9600 baud, sane final modes. */
struct gettydefs *gettydefs_builtin(void);

/* A table hunting through agetty-style speeds (bauds[0] first, cycling
 * back to it): the entries' labels are the baud numbers.
 * NULL when out of memory or a speed is unsupported. */
struct gettydefs *gettydefs_from_speeds(const long *bauds, size_t n);

void gettydefs_free(struct gettydefs *defs);

/* Index of the entry labelled label, or -1. */
long gettydefs_find(const struct gettydefs *defs, const char *label);

/* What `getty -c` prints for one entry. */
void gettydefs_print_entry(FILE *out, const struct gettydef *e);

/* What `getty -c` prints: every entry, then (the caller's part) the
 * problems, then the summary line, which returns true when clean. */
void gettydefs_print_entries(FILE *out, const struct gettydefs *defs);
bool gettydefs_print_summary(FILE *out, const struct gettydefs *defs);

#endif
