/* The table getty hunts through: gettydefs, the built-in entry or an
 * agetty speed list; and `getty -c`, which checks a gettydefs file. */
#ifndef GETTY_TABLE_H
#define GETTY_TABLE_H

#include <stdbool.h>
#include <stddef.h>

struct getty_options;

/* `getty -c path`: the exit status. */
int check_file(const char *path);

/* The table to hunt through and its first entry (*entry).  *from_speeds
 * tells an agetty speed table from gettydefs. */
struct gettydefs *load_table(const struct getty_options *o, size_t *entry,
			     bool *from_speeds);

#endif
