/*
 * handover_encode: the hand-over state as sysvinit's STATE_PIPE text (see
 * handover.h for the format and the extension tags).  Pure: no I/O, no
 * globals but constant tables.
 */
#include "handover_wire.h"
#include "errbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- encoding --------------------------------------------------------- */

struct out {
	char *p;
	size_t len, cap;
	bool full;      /* out of memory or over HANDOVER_INPUT_MAX */
};

static void put(struct out *o, const void *s, size_t n)
{
	if (o->full)
		return;
	if (n > HANDOVER_INPUT_MAX - o->len) {
		o->full = true;
		return;
	}
	if (o->len + n + 1 > o->cap) {
		size_t cap = o->cap ? o->cap : 4096;
		while (cap < o->len + n + 1)
			cap *= 2;
		char *p = realloc(o->p, cap);
		if (!p) {
			o->full = true;
			return;
		}
		o->p = p;
		o->cap = cap;
	}
	memcpy(o->p + o->len, s, n);
	o->len += n;
	o->p[o->len] = '\0';
}

static void put_tag(struct out *o, enum tag t)
{
	put(o, tags[t].name, 3);
}

static void put_line(struct out *o, enum tag t, const char *s, size_t n)
{
	put_tag(o, t);
	put(o, s, n);
	put(o, "\n", 1);
}

static void put_int(struct out *o, enum tag t, long long v)
{
	char num[24];
	int n = snprintf(num, sizeof(num), "%lld", v);

	put_line(o, t, num, (size_t)n);
}

static void put_uint(struct out *o, enum tag t, unsigned v)
{
	char num[24];
	int n = snprintf(num, sizeof(num), "%u", v);

	put_line(o, t, num, (size_t)n);
}

static void put_char(struct out *o, enum tag t, char c)
{
	put_line(o, t, &c, 1);
}

/* The length of s escaped ('\' and newline take two bytes). */
static size_t escaped_len(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += (*s == '\\' || *s == '\n') ? 2 : 1;
	return n;
}

static void put_escaped(struct out *o, enum tag t, const char *s)
{
	put_tag(o, t);
	while (*s) {
		size_t run = strcspn(s, "\\\n");
		put(o, s, run);
		s += run;
		if (*s == '\\')
			put(o, "\\\\", 2);
		else if (*s == '\n')
			put(o, "\\n", 2);
		else
			break;
		s++;
	}
	put(o, "\n", 1);
}

/* Checks a fixed text field of record i, which sysvinit reads raw. */
static int raw_text(const char *s, size_t size, const char *what, size_t i,
		    char *err, size_t errsize)
{
	size_t n = strnlen(s, size);

	if (n == size) {
		errbuf_set(err, errsize, "record %zu: %s is not NUL-terminated", i, what);
		return -1;
	}
	if (memchr(s, '\n', n)) {
		errbuf_set(err, errsize, "record %zu: %s holds a newline", i, what);
		return -1;
	}
	return 0;
}

static int check_state(const struct handover_state *st, char *err, size_t errsize)
{
	size_t n = strnlen(st->version, sizeof(st->version));

	if (n == sizeof(st->version) || memchr(st->version, '\n', n)) {
		errbuf_set(err, errsize, "version is not one line of at most %d characters",
		           HANDOVER_VERSION_MAX);
		return -1;
	}
	if (st->runlevel == '\n' || st->thislevel == '\n' ||
	    st->prevlevel == '\n' || st->target == '\n') {
		errbuf_set(err, errsize, "a level character is a newline");
		return -1;
	}
	if (st->nrecs > HANDOVER_RECORDS_MAX) {
		errbuf_set(err, errsize, "%zu records (at most %d)", st->nrecs,
		           HANDOVER_RECORDS_MAX);
		return -1;
	}
	if (st->nenv > HANDOVER_ENV_MAX || st->nwaiters > HANDOVER_WAITERS_MAX) {
		errbuf_set(err, errsize, "more than %d variables or %d waiters",
		           HANDOVER_ENV_MAX, HANDOVER_WAITERS_MAX);
		return -1;
	}
	for (size_t i = 0; i < st->nenv; i++)
		if (!st->env[i] || 3 + escaped_len(st->env[i]) > HANDOVER_LINE_MAX) {
			errbuf_set(err, errsize, "variable %zu missing or too long", i);
			return -1;
		}
	for (size_t i = 0; i < st->nwaiters; i++)
		if (strnlen(st->waiters[i], sizeof(st->waiters[i])) == sizeof(st->waiters[i])) {
			errbuf_set(err, errsize, "waiter %zu is not NUL-terminated", i);
			return -1;
		}
	if (strnlen(st->console_id, sizeof(st->console_id)) == sizeof(st->console_id)) {
		errbuf_set(err, errsize, "console id is not NUL-terminated");
		return -1;
	}
	for (size_t i = 0; i < st->nrecs; i++) {
		const struct handover_rec *r = &st->recs[i];
		if (raw_text(r->id, sizeof(r->id), "id", i, err, errsize) < 0 ||
		    raw_text(r->levels, sizeof(r->levels), "runlevels", i, err, errsize) < 0 ||
		    raw_text(r->action, sizeof(r->action), "action", i, err, errsize) < 0)
			return -1;
		const char *proc = r->process ? r->process : "";
		size_t plen = strlen(proc);
		if (memchr(proc, '\n', plen)) {
			errbuf_set(err, errsize, "record %zu: process holds a newline", i);
			return -1;
		}
		if (3 + plen > HANDOVER_LINE_MAX) {
			errbuf_set(err, errsize, "record %zu: process of %zu bytes (at most %d)",
			           i, plen, HANDOVER_LINE_MAX - 3);
			return -1;
		}
	}
	return 0;
}

static void put_rec(struct out *o, const struct handover_rec *r)
{
	const char *proc = r->process ? r->process : "";

	/* sysvinit's part, as send_state writes it */
	put_line(o, T_REC, r->id, strlen(r->id));
	put_line(o, T_LEV, r->levels, strlen(r->levels));
	for (size_t f = 0; f < NFLAGS; f++)
		if (r->flags & flag_names[f].bit)
			put_line(o, T_FL, flag_names[f].name, 2);
	put_int(o, T_PID, r->pid);
	put_uint(o, T_EXS, r->exstat);
	if (r->action[0])
		put_line(o, T_AC, r->action, strlen(r->action));
	put_line(o, T_CMD, proc, strlen(proc));

	/* ours, only what differs from the defaults */
	if (r->proc.starts)
		put_uint(o, X_NS, r->proc.starts);
	if (r->proc.window_start)
		put_int(o, X_WB, r->proc.window_start);
	if (r->proc.window_starts)
		put_uint(o, X_WC, r->proc.window_starts);
	if (r->proc.disabled_until)
		put_int(o, X_DU, r->proc.disabled_until);
	if (r->proc.retry_at)
		put_int(o, X_RA, r->proc.retry_at);
	if (r->proc.stopping)
		put_int(o, X_SP, 1);
	if (r->proc.killed)
		put_int(o, X_KL, 1);
	if (r->proc.stage_ends_at)
		put_int(o, X_KA, r->proc.stage_ends_at);
	if (r->proc.od_active)
		put_int(o, X_OD, 1);
	if (r->proc.event_pending)
		put_int(o, X_EP, 1);
	if (r->proc.has_status)
		put_int(o, X_XS, r->proc.last_status);
	if (r->proc.no_utmp)
		put_int(o, X_NU, 1);
	if (r->proc.leftover)
		put_int(o, X_OR, 1);
	put_line(o, T_EOR, "", 0);
}

char *handover_encode(const struct handover_state *st, size_t *len,
		      char *err, size_t errsize)
{
	struct out o = { 0 };

	*len = 0;
	if (check_state(st, err, errsize) < 0)
		return NULL;

	/* sysvinit's header, as send_state writes it */
	put_line(&o, T_VER, st->version, strlen(st->version));
	put_char(&o, T_RL, st->runlevel);
	put_char(&o, T_TL, st->thislevel);
	put_char(&o, T_PL, st->prevlevel);
	put_uint(&o, T_SI, st->got_signals);
	put_int(&o, T_WR, st->wrote_wtmp_reboot);
	put_int(&o, T_WU, st->wrote_utmp_reboot);
	put_int(&o, T_ST, st->sleep_time);
	put_int(&o, T_DB, st->did_boot);
	/* sysvinit reads these two but never sends them */
	if (st->wrote_wtmp_rlevel != -1)
		put_int(&o, T_LW, st->wrote_wtmp_rlevel);
	if (st->wrote_utmp_rlevel != -1)
		put_int(&o, T_LU, st->wrote_utmp_rlevel);

	/* ours, machine level */
	if (st->phase != -1)
		put_int(&o, X_PH, st->phase);
	if (st->target)
		put_char(&o, X_TG, st->target);
	if (st->grace_ms != -1)
		put_int(&o, X_GR, st->grace_ms);
	for (size_t i = 0; i < st->nenv; i++)
		put_escaped(&o, X_EV, st->env[i]);
	for (size_t i = 0; i < st->nwaiters; i++)
		put_escaped(&o, X_WN, st->waiters[i]);
	if (st->console_id[0])
		put_escaped(&o, X_CN, st->console_id);

	for (size_t i = 0; i < st->nrecs && !o.full; i++)
		put_rec(&o, &st->recs[i]);
	put_line(&o, T_END, "", 0);

	if (o.full) {
		free(o.p);
		errbuf_set(err, errsize, "no memory for the state, or over %u bytes",
		           HANDOVER_INPUT_MAX);
		return NULL;
	}
	*len = o.len;
	return o.p;
}
