/* The utmp id getty makes up for its line when init left no record to
 * take the inittab id from.  Pure: the caller writes the record. */
#ifndef GETTY_UTMPID_H
#define GETTY_UTMPID_H

#include <stddef.h>

/* As agetty does: what follows "tty", else the last size characters.
 * id gets size bytes, NUL-padded, not NUL-terminated when full (ut_id). */
void utmp_id_for_line(const char *line, char *id, size_t size);

#endif
