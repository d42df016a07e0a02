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

#include <bsd/string.h>

#include "clock.h"
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

void write_status(struct status_asks *asks, const struct sm *sm)
{
	const char *nonces[sizeof(asks->nonces) / sizeof(asks->nonces[0])];
	struct status_heap *heap = NULL;
#ifdef HAVE_MALLINFO2
	/* Read before the listing is formatted, so that the figure is what
	 * init holds between events: equal tables and processes, equal
	 * bytes.  That is how a leak shows (tests/integration/leaks.p1). */
	struct mallinfo2 mi = mallinfo2();
	struct status_heap h = { mi.uordblks + mi.hblkhd, mi.arena + mi.hblkhd };
	heap = &h;
#endif
	char *listing = sm_status_text(sm, clock_ms()), *text = NULL;

	for (size_t i = 0; i < asks->n; i++)
		nonces[i] = asks->nonces[i];
	if (listing && (text = status_file_format(nonces, asks->n, listing, heap)))
		write_file(PATH_INITSTATUS, text);
	free(listing);
	free(text);
	asks->n = 0;
}

void queue_nonce(struct status_asks *asks, const char *nonce)
{
	if (asks->n < sizeof(asks->nonces) / sizeof(asks->nonces[0]))
		strlcpy(asks->nonces[asks->n++], nonce, sizeof(asks->nonces[0]));
}

void write_level_file(char level)
{
	char text[2] = { level, 0 };

	write_file(PATH_RUNLEVEL_LOG, text);
}
