/*
 * statusfile: the file init writes for `telinit status` and `telinit -W`
 * (PATH_INITSTATUS), written and read here side by side so that one test
 * covers both ends.  Pure.
 *
 *   nonce=A B C          the requests this file answers
 *   <listing>            what `telinit status` prints
 *   heap=N held=M        init's heap: bytes in use, bytes held (optional)
 */
#ifndef STATUSFILE_H
#define STATUSFILE_H

#include <stdbool.h>
#include <stddef.h>

struct status_heap {
	size_t in_use, held;
};

/* The file's text (malloc'd), or NULL when memory ran out.  heap may be
 * NULL (no heap line). */
char *status_file_format(const char *const *nonces, size_t nnonces,
			 const char *listing, const struct status_heap *heap);

/* The listing (up to the end of text) when nonce is one of the answered
 * tokens, else NULL.  text need not be NUL-terminated. */
const char *status_file_answer(const char *text, size_t len, const char *nonce);

#endif
