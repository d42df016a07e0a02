/*
 * statusout: the status file written out (see statusout.h).
 */
#include "statusout.h"

#include <fcntl.h>
#include <limits.h>
#if defined(HAVE_MALLOC_TRIM) || defined(HAVE_MALLINFO2)
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
void write_file(const char *path, const char *text)
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

void write_status(struct pid1 *p1)
{
	const char *nonces[sizeof(p1->nonces) / sizeof(p1->nonces[0])];
	struct status_heap *heap = NULL;
#ifdef HAVE_MALLINFO2
	/* Read before the listing is formatted, so that the figure is what
	 * init holds between events: equal tables and processes, equal
	 * bytes.  That is how a leak shows (tests/integration/leaks.p1). */
	struct mallinfo2 mi = mallinfo2();
	struct status_heap h = { mi.uordblks + mi.hblkhd, mi.arena + mi.hblkhd };
	heap = &h;
#endif
	char *listing = sm_status_text(p1->sm, clock_ms()), *text = NULL;

	for (size_t i = 0; i < p1->nnonces; i++)
		nonces[i] = p1->nonces[i];
	if (listing && (text = status_file_format(nonces, p1->nnonces, listing, heap)))
		write_file(PATH_INITSTATUS, text);
	free(listing);
	free(text);
	p1->nnonces = 0;
}

void queue_nonce(struct pid1 *p1, const char *nonce)
{
	if (p1->nnonces < sizeof(p1->nonces) / sizeof(p1->nonces[0]))
		strlcpy(p1->nonces[p1->nnonces++], nonce, sizeof(p1->nonces[0]));
}
