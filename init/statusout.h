/*
 * statusout: init's state written out for other programs to read: the
 * status file that answers `telinit status` and -W, and sysvinit 3's
 * runlevel file.  Each is replaced whole, so a reader never sees half.
 */
#ifndef STATUSOUT_H
#define STATUSOUT_H

#include <stddef.h>

#include "initreq.h"
#include "sm.h"

/* The requests (by nonce) the next status file answers. */
struct status_asks {
	char nonces[SM_NONCE_MAX * 2][INITREQ_NONCE_MAX + 1];
	size_t n;
};

/* A request queued; one that finds no room goes unanswered. */
void queue_nonce(struct status_asks *asks, const char *nonce);
/* The status file from sm's listing, answering the queued requests,
 * which are then forgotten. */
void write_status(struct status_asks *asks, const struct sm *sm);
/* The level, for whoever reads the runlevel file. */
void write_level_file(char level);

#endif
