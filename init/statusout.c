/*
 * statusout: init's state written out for other programs (see
 * statusout.h).
 */
#include "statusout.h"

#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#ifdef HAVE_MALLINFO2
#include <malloc.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bsd/stdlib.h>
#include <bsd/string.h>

#include "clock.h"
#include "log.h"
#include "statusfile.h"

/* Atomically, so telinit never reads half a file. */
static void write_file(const char *path, const char *text)
{
	char tmp[PATH_MAX];
	size_t len = strlen(text);

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0)
		return;
	bool ok = write(fd, text, len) == (ssize_t)len;
	if (close(fd) == 0 && ok)
		rename(tmp, path);
	else
		unlink(tmp);
}

/* Forget answers given long enough ago that their waiters have read
 * them or given up. */
static void forget_old(struct status_asks *asks, int64_t now)
{
	size_t keep = 0;

	for (size_t i = 0; i < asks->n; i++)
		if (asks->v[i].at == 0 || now - asks->v[i].at < STATUS_KEEP_MS)
			asks->v[keep++] = asks->v[i];
	asks->n = keep;
}

void write_status(struct status_asks *asks, const struct sm *sm)
{
	int64_t now = clock_ms();
	struct status_heap *heap = NULL;
#ifdef HAVE_MALLINFO2
	/* Read before the listing is formatted, so that the figure is what
	 * init holds between events: equal tables and processes, equal
	 * bytes.  That is how a leak shows (tests/integration/leaks.p1). */
	struct mallinfo2 mi = mallinfo2();
	struct status_heap h = { mi.uordblks + mi.hblkhd, mi.arena + mi.hblkhd };
	heap = &h;
#endif
	char *listing = sm_status_text(sm, now), *text = NULL;
	const char **nonces = reallocarray(NULL, asks->n ? asks->n : 1, sizeof(*nonces));

	forget_old(asks, now);
	for (size_t i = 0; nonces && i < asks->n; i++) {
		nonces[i] = asks->v[i].nonce;
		if (asks->v[i].at == 0)
			asks->v[i].at = now ? now : 1;
	}
	if (listing && nonces && (text = status_file_format(nonces, asks->n, listing, heap)))
		write_file(PATH_INITSTATUS, text);
	else
		log_msg("out of memory writing %s: %zu requests unanswered", PATH_INITSTATUS,
			asks->fresh);
	free(nonces);
	free(listing);
	free(text);
	asks->fresh = 0;
}

bool status_due(const struct status_asks *asks)
{
	return asks->fresh > 0;
}

void queue_nonce(struct status_asks *asks, const char *nonce)
{
	if (asks->n == STATUS_KEEP_MAX) {
		/* The oldest answer goes: its waiter has had the longest. */
		memmove(asks->v, asks->v + 1, (asks->n - 1) * sizeof(*asks->v));
		asks->n--;
	}
	if (asks->n == asks->cap) {
		size_t cap = asks->cap ? asks->cap * 2 : 16;
		struct status_answer *v = reallocarray(asks->v, cap, sizeof(*v));
		if (!v) {
			log_msg("out of memory: a status request (%s) goes unanswered", nonce);
			return;
		}
		asks->v = v;
		asks->cap = cap;
	}
	strlcpy(asks->v[asks->n].nonce, nonce, sizeof(asks->v[0].nonce));
	asks->v[asks->n++].at = 0;
	asks->fresh++;
}

void write_level_file(char level)
{
	char text[2] = { level, 0 };

	write_file(PATH_RUNLEVEL_LOG, text);
}
