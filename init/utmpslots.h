/*
 * utmpslots: where each record's slot is in utmp, by pututxline()'s rule,
 * kept in a hash index so that a record finds its slot with one read.
 * Private to utmpio.
 */
#ifndef UTMPSLOTS_H
#define UTMPSLOTS_H

#include <stdbool.h>
#include <sys/types.h>
#include <utmpx.h>

/* The index emptied: nothing known of the file. */
void index_drop(void);
/* Room in the index for what the next records add. */
void index_reserve(void);
/* The index is of the file a turn found (dev, ino) of length size. */
void index_of_file(dev_t dev, ino_t ino, off_t size);
/* Where the slot for want is in fd (its old record in *old), or -1 and
 * where a new record goes (*end), or -2 when fd cannot be read. */
off_t find_slot(int fd, off_t size, bool sole, const struct utmpx *want,
		struct utmpx *old, off_t *end);
/* A record was appended at off. */
void index_appended(const struct utmpx *ut, off_t off);

#endif
