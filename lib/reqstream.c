/*
 * reqstream: cutting the FIFO's bytes into requests (see reqstream.h).
 */
#include "reqstream.h"

#include <stdint.h>
#include <string.h>

#include "initreq.h"

static const int32_t magic = INITREQ_MAGIC;   /* host byte order, as sent */

/* The first i in [from, limit) where a whole magic number starts in
 * b[0..len), or SIZE_MAX. */
static size_t find_magic(const unsigned char *b, size_t from, size_t limit, size_t len)
{
	for (size_t i = from; i < limit && i + sizeof(magic) <= len; i++)
		if (memcmp(b + i, &magic, sizeof(magic)) == 0)
			return i;
	return SIZE_MAX;
}

/* How many bytes at the end of b[0..len) could begin a magic number that
 * the next read completes. */
static size_t magic_prefix_at_end(const unsigned char *b, size_t len)
{
	for (size_t k = sizeof(magic) - 1; k > 0; k--)
		if (len >= k && memcmp(b + len - k, &magic, k) == 0)
			return k;
	return 0;
}

enum reqstream_piece reqstream_next(const void *buf, size_t len, size_t *n)
{
	const unsigned char *b = buf;
	size_t start = find_magic(b, 0, len, len);

	if (start == SIZE_MAX) {
		*n = len - magic_prefix_at_end(b, len);
		return *n > 0 ? REQSTREAM_GARBAGE : (*n = len, REQSTREAM_PARTIAL);
	}
	if (start > 0) {
		*n = start;
		return REQSTREAM_GARBAGE;
	}
	size_t next = find_magic(b, 1, INITREQ_SIZE, len);
	if (next != SIZE_MAX) {
		/* Cut short: another writer's request begins inside it. */
		*n = next;
		return REQSTREAM_GARBAGE;
	}
	if (len < INITREQ_SIZE) {
		*n = len;
		return REQSTREAM_PARTIAL;
	}
	*n = INITREQ_SIZE;
	return REQSTREAM_REQUEST;
}
