/*
 * statusout: init's state written out for other programs (see
 * statusout.h).
 */
#include "statusout.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#ifdef HAVE_MALLINFO2
#include <malloc.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <bsd/stdlib.h>
#include <bsd/string.h>

#include "clock.h"
#include "log.h"
#include "readfile.h"
#include "statusfile.h"

#define STATUS_READ_MAX (4 << 20)

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
	const char **nonces = reallocarray(NULL, asks->n ? asks->n * 2 : 1, sizeof(*nonces));
	const char **refused = nonces ? nonces + asks->n : NULL;

	forget_old(asks, now);
	for (size_t i = 0; nonces && i < asks->n; i++) {
		nonces[i] = asks->v[i].nonce;
		refused[i] = asks->v[i].refused;
		if (asks->v[i].at == 0)
			asks->v[i].at = now ? now : 1;
	}
	if (listing && nonces &&
	    (text = status_file_format(nonces, refused, asks->n, listing, heap)))
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

/* The slot for one more answer, or NULL when memory ran out. */
static struct status_answer *new_answer(struct status_asks *asks)
{
	if (asks->n == STATUS_KEEP_MAX) {
		/* The oldest answer goes: its waiter has had the longest. */
		memmove(asks->v, asks->v + 1, (asks->n - 1) * sizeof(*asks->v));
		asks->n--;
	}
	if (asks->n == asks->cap) {
		size_t cap = asks->cap ? asks->cap * 2 : 16;
		struct status_answer *v = reallocarray(asks->v, cap, sizeof(*v));
		if (!v)
			return NULL;
		asks->v = v;
		asks->cap = cap;
	}
	struct status_answer *a = &asks->v[asks->n++];
	memset(a, 0, sizeof(*a));
	return a;
}

void queue_refusal(struct status_asks *asks, const char *nonce, const char *why)
{
	struct status_answer *a = new_answer(asks);

	if (!a) {
		log_msg("out of memory: a request (%s) goes unanswered", nonce);
		return;
	}
	strlcpy(a->nonce, nonce, sizeof(a->nonce));
	strlcpy(a->refused, why ? why : "", sizeof(a->refused));
	asks->fresh++;
}

void queue_nonce(struct status_asks *asks, const char *nonce)
{
	queue_refusal(asks, nonce, NULL);
}

struct keep {
	struct status_asks *asks;
	int64_t now;
};

static void keep_one(void *ctx, const char *nonce, size_t nlen, const char *why,
		     size_t whylen)
{
	struct keep *k = ctx;
	struct status_answer *a;

	if (nlen > INITREQ_NONCE_MAX || !(a = new_answer(k->asks)))
		return;
	memcpy(a->nonce, nonce, nlen);
	if (why)
		memcpy(a->refused, why, whylen < sizeof(a->refused) ? whylen : sizeof(a->refused) - 1);
	/* Given already: kept, but no reason to write the file. */
	a->at = k->now ? k->now : 1;
}

void status_keep_previous(struct status_asks *asks, int64_t now)
{
	size_t len = 0;
	char *text = read_file(PATH_INITSTATUS, O_NOFOLLOW, STATUS_READ_MAX, &len);
	struct keep k = { asks, now };

	if (text)
		status_file_replies(text, len, keep_one, &k);
	free(text);
}

void status_advertise(void)
{
	/* Never closed: it shows as long as this program is PID 1. */
	if (memfd_create(STATUS_ANSWERS_U_MARK, MFD_CLOEXEC) < 0)
		log_msg("telinit u will not wait for answers: memfd_create: %s", strerror(errno));
}

void write_level_file(char level)
{
	char text[2] = { level, 0 };

	write_file(PATH_RUNLEVEL_LOG, text);
}
