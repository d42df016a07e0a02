/*
 * statusout: init's state written out for other programs to read: the
 * status file that answers `telinit status` and -W, and sysvinit 3's
 * runlevel file.  Each is replaced whole, so a reader never sees half.
 * `telinit u` is answered there too, when PID 1 says it answers U (see
 * STATUS_ANSWERS_U_MARK in statusfile.h).
 */
#ifndef STATUSOUT_H
#define STATUSOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "initreq.h"
#include "sm.h"

/*
 * The requests (by nonce) the status file answers.  A waiter reads the
 * file some time after init wrote it, and init may have written it again
 * meanwhile for other requests: an answer stays in every file written in
 * the STATUS_KEEP_MS after it was first given (at most STATUS_KEEP_MAX
 * answers, the oldest dropped first), so no waiter finds its nonce gone.
 */
#define STATUS_KEEP_MS   30000
#define STATUS_KEEP_MAX  1024
#define STATUS_WHY_MAX   200

struct status_answer {
	char nonce[INITREQ_NONCE_MAX + 1];
	char refused[STATUS_WHY_MAX];   /* why it was not done; "" if done */
	int64_t at;             /* when first written; 0: not yet */
};

struct status_asks {
	struct status_answer *v;
	size_t n, cap;
	size_t fresh;           /* queued since the file was last written */
};

/* A request queued for the next status file. */
void queue_nonce(struct status_asks *asks, const char *nonce);
/* A request refused, queued for the next status file with why. */
void queue_refusal(struct status_asks *asks, const char *nonce, const char *why);
/* After a re-exec: the answers the init before this one gave (in the
 * status file it left) are given again for STATUS_KEEP_MS, so that a
 * telinit u waiting for one finds it however soon this init rewrites
 * the file. */
void status_keep_previous(struct status_asks *asks, int64_t now);
/* Show that this PID 1 answers telinit u (STATUS_ANSWERS_U_MARK): a
 * descriptor held for good, gone at exec. */
void status_advertise(void);
/* Whether requests wait for the next status file. */
bool status_due(const struct status_asks *asks);
/* The status file from sm's listing, answering the queued requests and
 * those answered in the last STATUS_KEEP_MS. */
void write_status(struct status_asks *asks, const struct sm *sm);
/* The level, for whoever reads the runlevel file. */
void write_level_file(char level);

#endif
