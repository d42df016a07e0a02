/*
 * handover: the hand-over state's data model (init, free, adding records,
 * variables and waiters).  The codec is handover_encode.c and
 * handover_decode.c; handover.h describes the format.
 */
#include "handover.h"

#include <stdlib.h>
#include <string.h>

/* ---- the state -------------------------------------------------------- */

void handover_state_init(struct handover_state *st)
{
	memset(st, 0, sizeof(*st));
	st->runlevel = 'S';
	st->thislevel = 'S';
	st->prevlevel = 'N';
	st->wrote_wtmp_reboot = 1;
	st->wrote_utmp_reboot = 1;
	st->sleep_time = 3;
	st->wrote_wtmp_rlevel = -1;
	st->wrote_utmp_rlevel = -1;
	st->phase = -1;
	st->grace_ms = -1;
}

void handover_state_free(struct handover_state *st)
{
	for (size_t i = 0; i < st->nrecs; i++)
		free(st->recs[i].process);
	free(st->recs);
	for (size_t i = 0; i < st->nenv; i++)
		free(st->env[i]);
	handover_state_init(st);
}

struct handover_rec *handover_add_rec(struct handover_state *st, const char *id)
{
	size_t idlen = strlen(id);

	if (idlen > HANDOVER_ID_MAX || st->nrecs >= HANDOVER_RECORDS_MAX)
		return NULL;
	if (st->nrecs == st->caprecs) {
		size_t cap = st->caprecs ? st->caprecs * 2 : 16;
		if (cap > HANDOVER_RECORDS_MAX)
			cap = HANDOVER_RECORDS_MAX;
		struct handover_rec *v = realloc(st->recs, cap * sizeof(*v));
		if (!v)
			return NULL;
		st->recs = v;
		st->caprecs = cap;
	}
	struct handover_rec *r = &st->recs[st->nrecs++];
	memset(r, 0, sizeof(*r));
	memcpy(r->id, id, idlen + 1);
	return r;
}

int handover_add_env(struct handover_state *st, const char *s)
{
	if (st->nenv >= HANDOVER_ENV_MAX)
		return -1;
	char *copy = strdup(s);
	if (!copy)
		return -1;
	st->env[st->nenv++] = copy;
	return 0;
}

int handover_add_waiter(struct handover_state *st, const char *nonce)
{
	size_t n = strlen(nonce);

	if (st->nwaiters >= HANDOVER_WAITERS_MAX || n > HANDOVER_NONCE_MAX)
		return -1;
	memcpy(st->waiters[st->nwaiters++], nonce, n + 1);
	return 0;
}
