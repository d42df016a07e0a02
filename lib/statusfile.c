/*
 * statusfile: the status file, both ends (see statusfile.h).
 */
#include "statusfile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char nonce_key[] = "nonce=";
static const char refused_key[] = "refused=";

#define KEYLEN(k) (sizeof(k) - 1)

static void put_line(FILE *f, const char *s)
{
	for (; *s; s++)
		fputc((unsigned char)*s < 0x20 || *s == 0x7f ? ' ' : *s, f);
	fputc('\n', f);
}

char *status_file_format(const char *const *nonces, const char *const *refused,
			 size_t nnonces, const char *listing, const struct status_heap *heap)
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
	for (size_t i = 0; refused && i < nnonces; i++) {
		if (refused[i] && *refused[i]) {
			fprintf(f, "%s%s ", refused_key, nonces[i]);
			put_line(f, refused[i]);
		}
	}
	fputs(listing, f);
	if (heap)
		fprintf(f, "heap=%zu held=%zu\n", heap->in_use, heap->held);
	if (fclose(f) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

/* The end of the line that starts at p (its '\n'), or NULL when the
 * text ends first. */
static const char *eol_of(const char *p, const char *end)
{
	return memchr(p, '\n', (size_t)(end - p));
}

/* The first line, when it is the nonce line: its tokens [*from, eol). */
static const char *nonce_line(const char *text, size_t len, const char **from)
{
	const char *eol = memchr(text, '\n', len);

	if (!eol || (size_t)(eol - text) < KEYLEN(nonce_key) ||
	    memcmp(text, nonce_key, KEYLEN(nonce_key)) != 0)
		return NULL;
	*from = text + KEYLEN(nonce_key);
	return eol;
}

void status_file_replies(const char *text, size_t len, status_reply_fn *fn, void *ctx)
{
	const char *p, *eol = nonce_line(text, len, &p);

	while (eol && p < eol) {
		while (p < eol && *p == ' ')
			p++;
		const char *end = p;
		while (end < eol && *end != ' ')
			end++;
		if (end > p) {
			char nonce[128];
			size_t nlen = (size_t)(end - p), wlen = 0;
			if (nlen < sizeof(nonce)) {
				memcpy(nonce, p, nlen);
				nonce[nlen] = '\0';
				const char *why = status_file_refusal(text, len, nonce, &wlen);
				fn(ctx, p, nlen, why, wlen);
			}
		}
		p = end;
	}
}

/* Whether [p, end) names nonce. */
static bool is_token(const char *p, const char *end, const char *nonce, size_t nlen)
{
	return (size_t)(end - p) == nlen && memcmp(p, nonce, nlen) == 0;
}

/* The line after the refusals: the listing's start. */
static const char *past_refusals(const char *p, const char *end)
{
	const char *eol;

	while ((size_t)(end - p) >= KEYLEN(refused_key) &&
	       memcmp(p, refused_key, KEYLEN(refused_key)) == 0 && (eol = eol_of(p, end)))
		p = eol + 1;
	return p;
}

const char *status_file_answer(const char *text, size_t len, const char *nonce)
{
	const size_t nlen = strlen(nonce);
	const char *p, *eol = nonce_line(text, len, &p);

	if (!eol || nlen == 0)
		return NULL;
	while (p < eol) {
		while (p < eol && *p == ' ')
			p++;
		const char *end = p;
		while (end < eol && *end != ' ')
			end++;
		if (is_token(p, end, nonce, nlen))
			return past_refusals(eol + 1, text + len);
		p = end;
	}
	return NULL;
}

const char *status_file_refusal(const char *text, size_t len, const char *nonce,
				size_t *whylen)
{
	const char *end = text + len, *p, *eol = nonce_line(text, len, &p);
	const size_t nlen = strlen(nonce);

	if (!eol || nlen == 0)
		return NULL;
	for (p = eol + 1; (size_t)(end - p) >= KEYLEN(refused_key) &&
	     memcmp(p, refused_key, KEYLEN(refused_key)) == 0; p = eol + 1) {
		if (!(eol = eol_of(p, end)))
			return NULL;
		const char *tok = p + KEYLEN(refused_key), *sp = memchr(tok, ' ', (size_t)(eol - tok));
		if (sp && is_token(tok, sp, nonce, nlen)) {
			*whylen = (size_t)(eol - sp - 1);
			return sp + 1;
		}
	}
	return NULL;
}
