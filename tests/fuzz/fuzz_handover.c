/*
 * libFuzzer target: the hand-over decoder, fed whatever could arrive on
 * descriptor 11.  An accepted state must be within its documented bounds,
 * encode again, and decode from that encoding to the same state; encoding
 * that state once more gives the same bytes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "handover.h"
#include "handover_equal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_err(const char *err, size_t size)
{
	if (memchr(err, '\0', size) == NULL || err[0] == '\0' ||
	    strchr(err, '\n') != NULL)
		abort();
}

static void check_bounds(const struct handover_state *st)
{
	if (st->nrecs > HANDOVER_RECORDS_MAX || st->nrecs > st->caprecs ||
	    st->nenv > HANDOVER_ENV_MAX || st->nwaiters > HANDOVER_WAITERS_MAX ||
	    memchr(st->version, '\0', sizeof st->version) == NULL ||
	    memchr(st->console_id, '\0', sizeof st->console_id) == NULL)
		abort();
	for (size_t i = 0; i < st->nrecs; i++) {
		const struct handover_rec *r = &st->recs[i];

		if (memchr(r->id, '\0', sizeof r->id) == NULL ||
		    memchr(r->levels, '\0', sizeof r->levels) == NULL ||
		    memchr(r->action, '\0', sizeof r->action) == NULL ||
		    (r->flags & ~(HANDOVER_FL_RU | HANDOVER_FL_DE |
				  HANDOVER_FL_XD | HANDOVER_FL_WT)) != 0 ||
		    (r->process && strlen(r->process) > HANDOVER_LINE_MAX - 3) ||
		    (!r->proc.has_status && r->proc.last_status != 0))
			abort();
	}
	for (size_t i = 0; i < st->nwaiters; i++)
		if (strnlen(st->waiters[i], sizeof st->waiters[i]) > HANDOVER_NONCE_MAX)
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct handover_state a, b;
	char err[200];
	/* A copy of exactly the bytes, so ASan sees any read past them. */
	unsigned char *buf = malloc(size ? size : 1);

	if (buf == NULL)
		return 0;
	memcpy(buf, data, size);
	memset(err, 0, sizeof err);
	if (handover_decode(buf, size, &a, err, sizeof err) != 0) {
		check_err(err, sizeof err);
		if (a.recs != NULL || a.nrecs != 0 || a.nenv != 0)
			abort();
		free(buf);
		return 0;
	}
	free(buf);
	check_bounds(&a);

	size_t len, len2;
	char *text = handover_encode(&a, &len, err, sizeof err);
	if (text == NULL)
		abort();                /* every decoded state encodes */
	if (handover_decode(text, len, &b, err, sizeof err) != 0)
		abort();
	if (!handover_equal(&a, &b) || b.dropped != 0)
		abort();
	char *text2 = handover_encode(&b, &len2, err, sizeof err);
	if (text2 == NULL || len2 != len || memcmp(text, text2, len) != 0)
		abort();
	free(text);
	free(text2);
	handover_state_free(&a);
	handover_state_free(&b);
	return 0;
}
