/*
 * statusfile: the status file, both ends (see statusfile.h).
 */
#include "statusfile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char nonce_key[] = "nonce=";

char *status_file_format(const char *const *nonces, size_t nnonces,
			 const char *listing, const struct status_heap *heap)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return NULL;
	fputs(nonce_key, f);
	for (size_t i = 0; i < nnonces; i++)
		fprintf(f, "%s%s", i ? " " : "", nonces[i]);
	fputc('\n', f);
	fputs(listing, f);
	if (heap)
		fprintf(f, "heap=%zu held=%zu\n", heap->in_use, heap->held);
	if (fclose(f) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

const char *status_file_answer(const char *text, size_t len, const char *nonce)
{
	const size_t klen = sizeof(nonce_key) - 1, nlen = strlen(nonce);
	const char *eol = memchr(text, '\n', len);

	if (!eol || (size_t)(eol - text) < klen || memcmp(text, nonce_key, klen) != 0 ||
	    nlen == 0)
		return NULL;
	for (const char *p = text + klen; p < eol;) {
		while (p < eol && *p == ' ')
			p++;
		const char *end = p;
		while (end < eol && *end != ' ')
			end++;
		if ((size_t)(end - p) == nlen && memcmp(p, nonce, nlen) == 0)
			return eol + 1;
		p = end;
	}
	return NULL;
}
