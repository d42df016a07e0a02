/* Showing /etc/issue and the login prompt, their substitutions filled in
 * from uname, utmp, the clock and the line. */
#ifndef GETTY_ISSUE_H
#define GETTY_ISSUE_H

#include <stddef.h>

#include "escape.h"

struct getty_options;

/* Write text of len bytes to the line, expanded as mode says. */
void show(const char *text, size_t len, enum expand_mode mode, const char *line);

/* The issue file (-f, else PATH_ISSUE); a missing one is no error. */
void show_issue(const struct getty_options *o, const char *line);

#endif
