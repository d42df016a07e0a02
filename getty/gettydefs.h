/* The /etc/gettydefs table: parsing, checking the label chains, printing
 * entries the way `getty -c` shows them.  Pure code: the caller reads the
 * file and hands over its text. */
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

struct gettydefs_diag {
	unsigned line;
	char field[16];		/* "label", "initial-flags", ... */
	char message[160];
};

struct gettydefs {
	char *filename;
	struct gettydef *entries;
	size_t n_entries;
	struct gettydefs_diag *diags;
	size_t n_diags;
};

/* Parse len bytes of gettydefs text.  Entries with an error in a flag,
 * prompt or next-label field are kept (the error is recorded); entries that
 * cannot be split into fields or lack a label are dropped.  Returns NULL
 * only when out of memory. */
struct gettydefs *gettydefs_parse(const char *filename, const char *text, size_t len);

/* The entry used when no gettydefs exists: 9600 baud, sane final modes. */
struct gettydefs *gettydefs_builtin(void);

/* A table hunting through agetty-style speeds (bauds[0] first, cycling
 * back to it): the entries' labels are the baud numbers.
 * NULL when out of memory or a speed is unsupported. */
struct gettydefs *gettydefs_from_speeds(const long *bauds, size_t n);

void gettydefs_free(struct gettydefs *defs);

/* Index of the entry labelled label, or -1. */
long gettydefs_find(const struct gettydefs *defs, const char *label);

/* "FILE:LINE: field: message" for diagnostic i, into buf. */
void gettydefs_format_diag(const struct gettydefs *defs, size_t i, char *buf, size_t len);

/* What `getty -c` prints for one entry. */
void gettydefs_print_entry(FILE *out, const struct gettydef *e);

/* Print every entry, then every diagnostic; returns true when clean. */
bool gettydefs_check_report(FILE *out, const struct gettydefs *defs);

#endif
