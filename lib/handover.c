/*
 * handover: encoding and decoding of the re-exec state in sysvinit's
 * STATE_PIPE format (see handover.h for the format and the extension
 * tags).  Pure: no I/O, no globals but constant tables.  The decoder reads
 * lines out of a counted buffer and never looks past its end.
 */
#include "handover.h"

#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void fail(char *err, size_t errsize, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void fail(char *err, size_t errsize, const char *fmt, ...)
{
	va_list ap;

	if (!err || errsize == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errsize, fmt, ap);
	va_end(ap);
}

/* ---- tags ------------------------------------------------------------- */

enum tag {
	T_UNKNOWN,
	/* sysvinit's structure */
	T_VER, T_END, T_REC, T_EOR,
	/* sysvinit's record items */
	T_LEV, T_FL, T_AC, T_CMD, T_PID, T_EXS,
	/* sysvinit's machine items */
	T_RL, T_TL, T_PL, T_SI, T_WR, T_WU, T_ST, T_DB, T_LW, T_LU,
	/* ours, machine */
	X_PH, X_TG, X_GR, X_EV, X_WN, X_CN,
	/* ours, record */
	X_NS, X_WB, X_WC, X_DU, X_RA, X_SP, X_KL, X_KA, X_OD, X_EP, X_XS,
	X_NU, X_OR,
	T__COUNT
};

/* What a tag is to the reader, which decides where it may stand. */
enum scope {
	SC_NONE,        /* unknown: skipped anywhere */
	SC_STRUCT,      /* VER, END, REC: never inside a record */
	SC_RECORD,      /* sysvinit's record items and EOR: only inside one */
	SC_MACHINE,     /* sysvinit's machine items: never inside a record */
	SC_XMACHINE,    /* ours: read outside records, skipped inside */
	SC_XRECORD,     /* ours: read inside records, skipped outside */
};

static const struct {
	char name[4];
	enum scope scope;
} tags[T__COUNT] = {
	[T_UNKNOWN] = { "",    SC_NONE },
	[T_VER] = { "VER", SC_STRUCT },
	[T_END] = { "END", SC_STRUCT },
	[T_REC] = { "REC", SC_STRUCT },
	[T_EOR] = { "EOR", SC_RECORD },
	[T_LEV] = { "LEV", SC_RECORD },
	[T_FL]  = { "FL ", SC_RECORD },
	[T_AC]  = { "AC ", SC_RECORD },
	[T_CMD] = { "CMD", SC_RECORD },
	[T_PID] = { "PID", SC_RECORD },
	[T_EXS] = { "EXS", SC_RECORD },
	[T_RL]  = { "-RL", SC_MACHINE },
	[T_TL]  = { "-TL", SC_MACHINE },
	[T_PL]  = { "-PL", SC_MACHINE },
	[T_SI]  = { "-SI", SC_MACHINE },
	[T_WR]  = { "-WR", SC_MACHINE },
	[T_WU]  = { "-WU", SC_MACHINE },
	[T_ST]  = { "-ST", SC_MACHINE },
	[T_DB]  = { "-DB", SC_MACHINE },
	[T_LW]  = { "-LW", SC_MACHINE },
	[T_LU]  = { "-LU", SC_MACHINE },
	[X_PH]  = { "+PH", SC_XMACHINE },
	[X_TG]  = { "+TG", SC_XMACHINE },
	[X_GR]  = { "+GR", SC_XMACHINE },
	[X_EV]  = { "+EV", SC_XMACHINE },
	[X_WN]  = { "+WN", SC_XMACHINE },
	[X_CN]  = { "+CN", SC_XMACHINE },
	[X_NS]  = { "+NS", SC_XRECORD },
	[X_WB]  = { "+WB", SC_XRECORD },
	[X_WC]  = { "+WC", SC_XRECORD },
	[X_DU]  = { "+DU", SC_XRECORD },
	[X_RA]  = { "+RA", SC_XRECORD },
	[X_SP]  = { "+SP", SC_XRECORD },
	[X_KL]  = { "+KL", SC_XRECORD },
	[X_KA]  = { "+KA", SC_XRECORD },
	[X_OD]  = { "+OD", SC_XRECORD },
	[X_EP]  = { "+EP", SC_XRECORD },
	[X_XS]  = { "+XS", SC_XRECORD },
	[X_NU]  = { "+NU", SC_XRECORD },
	[X_OR]  = { "+OR", SC_XRECORD },
};

static enum tag tag_lookup(const char *s)
{
	for (int t = T_UNKNOWN + 1; t < T__COUNT; t++)
		if (memcmp(tags[t].name, s, 3) == 0)
			return (enum tag)t;
	return T_UNKNOWN;
}

/* The name for messages: "FL" rather than "FL ". */
static int tag_shown_len(enum tag t)
{
	return tags[t].name[2] == ' ' ? 2 : 3;
}

/* sysvinit's flags[] table, in its order (send_state writes them so). */
static const struct {
	char name[3];
	unsigned bit;
} flag_names[] = {
	{ "RU", HANDOVER_FL_RU },
	{ "DE", HANDOVER_FL_DE },
	{ "XD", HANDOVER_FL_XD },
	{ "WT", HANDOVER_FL_WT },
};

#define NFLAGS (sizeof(flag_names) / sizeof(flag_names[0]))

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

/* ---- equality --------------------------------------------------------- */

static bool rec_equal(const struct handover_rec *a, const struct handover_rec *b)
{
	return strcmp(a->id, b->id) == 0 &&
	       strcmp(a->levels, b->levels) == 0 &&
	       a->flags == b->flags && a->pid == b->pid &&
	       a->exstat == b->exstat &&
	       strcmp(a->action, b->action) == 0 &&
	       strcmp(a->process ? a->process : "", b->process ? b->process : "") == 0 &&
	       a->starts == b->starts &&
	       a->window_start_ms == b->window_start_ms &&
	       a->window_count == b->window_count &&
	       a->disabled_until_ms == b->disabled_until_ms &&
	       a->retry_at_ms == b->retry_at_ms &&
	       a->stopping == b->stopping && a->killed == b->killed &&
	       a->kill_at_ms == b->kill_at_ms &&
	       a->ondemand_active == b->ondemand_active &&
	       a->event_pending == b->event_pending &&
	       a->has_status == b->has_status &&
	       (!a->has_status || a->last_status == b->last_status) &&
	       a->no_utmp == b->no_utmp && a->leftover == b->leftover;
}

bool handover_equal(const struct handover_state *a,
		    const struct handover_state *b)
{
	if (strcmp(a->version, b->version) != 0 ||
	    a->runlevel != b->runlevel || a->thislevel != b->thislevel ||
	    a->prevlevel != b->prevlevel || a->got_signals != b->got_signals ||
	    a->wrote_wtmp_reboot != b->wrote_wtmp_reboot ||
	    a->wrote_utmp_reboot != b->wrote_utmp_reboot ||
	    a->sleep_time != b->sleep_time || a->did_boot != b->did_boot ||
	    a->wrote_wtmp_rlevel != b->wrote_wtmp_rlevel ||
	    a->wrote_utmp_rlevel != b->wrote_utmp_rlevel ||
	    a->nrecs != b->nrecs || a->phase != b->phase ||
	    a->target != b->target || a->grace_ms != b->grace_ms ||
	    a->nenv != b->nenv || a->nwaiters != b->nwaiters ||
	    strcmp(a->console_id, b->console_id) != 0)
		return false;
	for (size_t i = 0; i < a->nrecs; i++)
		if (!rec_equal(&a->recs[i], &b->recs[i]))
			return false;
	for (size_t i = 0; i < a->nenv; i++)
		if (strcmp(a->env[i], b->env[i]) != 0)
			return false;
	for (size_t i = 0; i < a->nwaiters; i++)
		if (strcmp(a->waiters[i], b->waiters[i]) != 0)
			return false;
	return true;
}

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
		fail(err, errsize, "record %zu: %s is not NUL-terminated", i, what);
		return -1;
	}
	if (memchr(s, '\n', n)) {
		fail(err, errsize, "record %zu: %s holds a newline", i, what);
		return -1;
	}
	return 0;
}

static int check_state(const struct handover_state *st, char *err, size_t errsize)
{
	size_t n = strnlen(st->version, sizeof(st->version));

	if (n == sizeof(st->version) || memchr(st->version, '\n', n)) {
		fail(err, errsize, "version is not one line of at most %d characters",
		     HANDOVER_VERSION_MAX);
		return -1;
	}
	if (st->runlevel == '\n' || st->thislevel == '\n' ||
	    st->prevlevel == '\n' || st->target == '\n') {
		fail(err, errsize, "a level character is a newline");
		return -1;
	}
	if (st->nrecs > HANDOVER_RECORDS_MAX) {
		fail(err, errsize, "%zu records (at most %d)", st->nrecs,
		     HANDOVER_RECORDS_MAX);
		return -1;
	}
	if (st->nenv > HANDOVER_ENV_MAX || st->nwaiters > HANDOVER_WAITERS_MAX) {
		fail(err, errsize, "more than %d variables or %d waiters",
		     HANDOVER_ENV_MAX, HANDOVER_WAITERS_MAX);
		return -1;
	}
	for (size_t i = 0; i < st->nenv; i++)
		if (!st->env[i] || 3 + escaped_len(st->env[i]) > HANDOVER_LINE_MAX) {
			fail(err, errsize, "variable %zu missing or too long", i);
			return -1;
		}
	for (size_t i = 0; i < st->nwaiters; i++)
		if (strnlen(st->waiters[i], sizeof(st->waiters[i])) == sizeof(st->waiters[i])) {
			fail(err, errsize, "waiter %zu is not NUL-terminated", i);
			return -1;
		}
	if (strnlen(st->console_id, sizeof(st->console_id)) == sizeof(st->console_id)) {
		fail(err, errsize, "console id is not NUL-terminated");
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
			fail(err, errsize, "record %zu: process holds a newline", i);
			return -1;
		}
		if (3 + plen > HANDOVER_LINE_MAX) {
			fail(err, errsize, "record %zu: process of %zu bytes (at most %d)",
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
	if (r->starts)
		put_uint(o, X_NS, r->starts);
	if (r->window_start_ms)
		put_int(o, X_WB, r->window_start_ms);
	if (r->window_count)
		put_uint(o, X_WC, r->window_count);
	if (r->disabled_until_ms)
		put_int(o, X_DU, r->disabled_until_ms);
	if (r->retry_at_ms)
		put_int(o, X_RA, r->retry_at_ms);
	if (r->stopping)
		put_int(o, X_SP, 1);
	if (r->killed)
		put_int(o, X_KL, 1);
	if (r->kill_at_ms)
		put_int(o, X_KA, r->kill_at_ms);
	if (r->ondemand_active)
		put_int(o, X_OD, 1);
	if (r->event_pending)
		put_int(o, X_EP, 1);
	if (r->has_status)
		put_int(o, X_XS, r->last_status);
	if (r->no_utmp)
		put_int(o, X_NU, 1);
	if (r->leftover)
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
		fail(err, errsize, "no memory for the state, or over %u bytes",
		     HANDOVER_INPUT_MAX);
		return NULL;
	}
	*len = o.len;
	return o.p;
}

/* ---- decoding --------------------------------------------------------- */

struct reader {
	unsigned line;
	enum tag tag;
	const char *val;        /* the line after its tag */
	size_t vlen;
	char *err;
	size_t errsize;
};

/* At most 40 bytes of untrusted text, fit for a one-line message. */
static void shown(const char *s, size_t n, char out[44])
{
	size_t k = 0;

	for (size_t i = 0; i < n && k < 40; i++)
		out[k++] = (s[i] >= 0x20 && s[i] < 0x7f && s[i] != '"') ? s[i] : '?';
	if (n > 40) {
		out[k++] = '.';
		out[k++] = '.';
	}
	out[k] = '\0';
}

static int bad_value(struct reader *r, const char *why)
{
	char s[44];

	shown(r->val, r->vlen, s);
	fail(r->err, r->errsize, "line %u: %.*s %s: \"%s\"", r->line,
	     tag_shown_len(r->tag), tags[r->tag].name, why, s);
	return -1;
}

/* A decimal number, '-' allowed when min < 0, nothing else on the line. */
static int get_num(struct reader *r, long long min, long long max, long long *out)
{
	const char *s = r->val;
	size_t n = r->vlen, i = 0;
	bool neg = false;
	unsigned long long v = 0;
	const unsigned long long limit = (unsigned long long)LLONG_MAX + 1;

	if (n > 0 && s[0] == '-' && min < 0) {
		neg = true;
		i = 1;
	}
	if (i == n)
		return bad_value(r, "wants a number");
	for (; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return bad_value(r, "wants a number");
		unsigned d = (unsigned)(s[i] - '0');
		if (v > (limit - d) / 10)
			return bad_value(r, "out of range");
		v = v * 10 + d;
	}
	if (!neg && v > (unsigned long long)LLONG_MAX)
		return bad_value(r, "out of range");
	long long x = neg ? (v == limit ? LLONG_MIN : -(long long)v) : (long long)v;
	if (x < min || x > max)
		return bad_value(r, "out of range");
	*out = x;
	return 0;
}

static int get_int(struct reader *r, int *out)
{
	long long v;

	if (get_num(r, INT_MIN, INT_MAX, &v) < 0)
		return -1;
	*out = (int)v;
	return 0;
}

static int get_uint(struct reader *r, unsigned *out)
{
	long long v;

	if (get_num(r, 0, UINT_MAX, &v) < 0)
		return -1;
	*out = (unsigned)v;
	return 0;
}

static int get_i64(struct reader *r, int64_t *out)
{
	long long v;

	if (get_num(r, INT64_MIN, INT64_MAX, &v) < 0)
		return -1;
	*out = (int64_t)v;
	return 0;
}

static int get_bool(struct reader *r, bool *out)
{
	if (r->vlen != 1 || (r->val[0] != '0' && r->val[0] != '1'))
		return bad_value(r, "wants 0 or 1");
	*out = r->val[0] == '1';
	return 0;
}

/* One byte, as sysvinit's "%c": any byte, a NUL included. */
static int get_char(struct reader *r, char *out)
{
	if (r->vlen != 1)
		return bad_value(r, "wants one character");
	*out = r->val[0];
	return 0;
}

/* Raw text into a fixed field; cut (true) or refuse when too long. */
static int get_text(struct reader *r, char *dst, size_t max, bool cut)
{
	size_t n = r->vlen;

	if (memchr(r->val, '\0', n))
		return bad_value(r, "holds a NUL byte");
	if (n > max) {
		if (!cut) {
			char why[48];
			snprintf(why, sizeof(why), "longer than %zu characters", max);
			return bad_value(r, why);
		}
		n = max;
	}
	memcpy(dst, r->val, n);
	dst[n] = '\0';
	return 0;
}

/* Our escaped text, into a malloc'd string (*out). */
static int get_escaped(struct reader *r, char **out)
{
	char *s = malloc(r->vlen + 1);
	size_t k = 0;

	if (!s) {
		fail(r->err, r->errsize, "line %u: no memory", r->line);
		return -1;
	}
	for (size_t i = 0; i < r->vlen; i++) {
		char c = r->val[i];
		if (c == '\0') {
			free(s);
			return bad_value(r, "holds a NUL byte");
		}
		if (c == '\\') {
			if (++i == r->vlen || (r->val[i] != '\\' && r->val[i] != 'n')) {
				free(s);
				return bad_value(r, "holds a bad escape");
			}
			c = r->val[i] == 'n' ? '\n' : '\\';
		}
		s[k++] = c;
	}
	s[k] = '\0';
	*out = s;
	return 0;
}

static int machine_item(struct reader *r, struct handover_state *st)
{
	char *s = NULL;
	int rc = 0;

	switch (r->tag) {
	case T_RL: return get_char(r, &st->runlevel);
	case T_TL: return get_char(r, &st->thislevel);
	case T_PL: return get_char(r, &st->prevlevel);
	case T_SI: return get_uint(r, &st->got_signals);
	case T_WR: return get_int(r, &st->wrote_wtmp_reboot);
	case T_WU: return get_int(r, &st->wrote_utmp_reboot);
	case T_ST: return get_int(r, &st->sleep_time);
	case T_DB: return get_int(r, &st->did_boot);
	case T_LW: return get_int(r, &st->wrote_wtmp_rlevel);
	case T_LU: return get_int(r, &st->wrote_utmp_rlevel);
	case X_PH: return get_int(r, &st->phase);
	case X_TG: return get_char(r, &st->target);
	case X_GR: return get_int(r, &st->grace_ms);
	case X_EV:
		if (get_escaped(r, &s) < 0)
			return -1;
		if (st->nenv < HANDOVER_ENV_MAX) {
			st->env[st->nenv++] = s;
			return 0;
		}
		st->dropped++;
		break;
	case X_WN:
		if (get_escaped(r, &s) < 0)
			return -1;
		if (handover_add_waiter(st, s) < 0)
			st->dropped++;
		break;
	case X_CN:
		if (get_escaped(r, &s) < 0)
			return -1;
		if (strlen(s) > HANDOVER_ID_MAX)
			rc = bad_value(r, "is longer than an id");
		else
			strcpy(st->console_id, s);
		break;
	default:
		break;
	}
	free(s);
	return rc;
}

static int record_item(struct reader *r, struct handover_rec *rec)
{
	char *s;

	switch (r->tag) {
	case T_LEV: return get_text(r, rec->levels, HANDOVER_LEVELS_MAX, false);
	case T_AC:  return get_text(r, rec->action, HANDOVER_ACTION_MAX, false);
	case T_PID: return get_int(r, &rec->pid);
	case T_EXS: return get_uint(r, &rec->exstat);
	case T_FL:
		/* An unknown flag adds nothing, as in sysvinit. */
		if (r->vlen == 2)
			for (size_t f = 0; f < NFLAGS; f++)
				if (memcmp(r->val, flag_names[f].name, 2) == 0)
					rec->flags |= flag_names[f].bit;
		return 0;
	case T_CMD:
		if (memchr(r->val, '\0', r->vlen))
			return bad_value(r, "holds a NUL byte");
		s = malloc(r->vlen + 1);
		if (!s) {
			fail(r->err, r->errsize, "line %u: no memory", r->line);
			return -1;
		}
		memcpy(s, r->val, r->vlen);
		s[r->vlen] = '\0';
		free(rec->process);
		rec->process = s;
		return 0;
	case X_NS: return get_uint(r, &rec->starts);
	case X_WB: return get_i64(r, &rec->window_start_ms);
	case X_WC: return get_uint(r, &rec->window_count);
	case X_DU: return get_i64(r, &rec->disabled_until_ms);
	case X_RA: return get_i64(r, &rec->retry_at_ms);
	case X_SP: return get_bool(r, &rec->stopping);
	case X_KL: return get_bool(r, &rec->killed);
	case X_KA: return get_i64(r, &rec->kill_at_ms);
	case X_OD: return get_bool(r, &rec->ondemand_active);
	case X_EP: return get_bool(r, &rec->event_pending);
	case X_XS:
		rec->has_status = true;
		return get_int(r, &rec->last_status);
	case X_NU: return get_bool(r, &rec->no_utmp);
	case X_OR: return get_bool(r, &rec->leftover);
	default:
		return 0;
	}
}

/* Starts a record from a REC line. */
static int begin_record(struct reader *r, struct handover_state *st)
{
	char id[HANDOVER_ID_MAX + 1];

	if (get_text(r, id, HANDOVER_ID_MAX, false) < 0)
		return -1;
	if (st->nrecs >= HANDOVER_RECORDS_MAX) {
		fail(r->err, r->errsize, "line %u: more than %d records", r->line,
		     HANDOVER_RECORDS_MAX);
		return -1;
	}
	if (!handover_add_rec(st, id)) {
		fail(r->err, r->errsize, "line %u: no memory", r->line);
		return -1;
	}
	return 0;
}

static int decode(const char *p, size_t len, struct handover_state *st,
		  struct reader *r)
{
	size_t pos = 0;
	bool in_rec = false;

	if (len >= HANDOVER_SIGNATURE_LEN &&
	    memcmp(p, HANDOVER_SIGNATURE, HANDOVER_SIGNATURE_LEN) == 0)
		pos = HANDOVER_SIGNATURE_LEN;
	if (pos == len) {
		fail(r->err, r->errsize, "empty state");
		return -1;
	}
	while (pos < len) {
		size_t avail = len - pos;
		size_t scan = avail < HANDOVER_LINE_MAX + 1 ? avail : HANDOVER_LINE_MAX + 1;
		const char *s = p + pos;
		const char *nl = memchr(s, '\n', scan);
		size_t n = nl ? (size_t)(nl - s) : scan;

		r->line++;
		if (n > HANDOVER_LINE_MAX) {
			fail(r->err, r->errsize, "line %u: longer than %d bytes",
			     r->line, HANDOVER_LINE_MAX);
			return -1;
		}
		pos += n + (nl ? 1 : 0);
		if (n < 3) {
			if (!nl)
				break;          /* truncated: reported below */
			fail(r->err, r->errsize, "line %u: no tag", r->line);
			return -1;
		}
		r->tag = tag_lookup(s);
		r->val = s + 3;
		r->vlen = n - 3;
		if (r->line == 1 && r->tag != T_VER) {
			fail(r->err, r->errsize, "line 1: no VER: not a hand-over state");
			return -1;
		}

		enum scope sc = tags[r->tag].scope;
		int rc = 0;
		if (in_rec) {
			struct handover_rec *rec = &st->recs[st->nrecs - 1];
			if (sc == SC_STRUCT || sc == SC_MACHINE) {
				fail(r->err, r->errsize, "line %u: %.*s inside record \"%s\" (no EOR)",
				     r->line, tag_shown_len(r->tag), tags[r->tag].name, rec->id);
				return -1;
			}
			if (r->tag == T_EOR)
				in_rec = false;
			else if (sc == SC_RECORD || sc == SC_XRECORD)
				rc = record_item(r, rec);
		} else {
			switch (sc) {
			case SC_STRUCT:
				if (r->tag == T_END)
					return 0;       /* what follows is not read */
				if (r->tag == T_REC) {
					rc = begin_record(r, st);
					in_rec = true;
				} else if (r->line == 1) {
					rc = get_text(r, st->version, HANDOVER_VERSION_MAX, true);
				} else {
					fail(r->err, r->errsize, "line %u: VER again", r->line);
					return -1;
				}
				break;
			case SC_RECORD:
				fail(r->err, r->errsize, "line %u: %.*s without REC", r->line,
				     tag_shown_len(r->tag), tags[r->tag].name);
				return -1;
			case SC_MACHINE:
			case SC_XMACHINE:
				rc = machine_item(r, st);
				break;
			default:
				break;
			}
		}
		if (rc < 0)
			return -1;
	}
	if (in_rec)
		fail(r->err, r->errsize, "truncated in record \"%s\" after line %u (no END)",
		     st->recs[st->nrecs - 1].id, r->line);
	else
		fail(r->err, r->errsize, "truncated after line %u (no END)", r->line);
	return -1;
}

int handover_decode(const void *buf, size_t len, struct handover_state *out,
		    char *err, size_t errsize)
{
	struct reader r = { .err = err, .errsize = errsize };

	handover_state_init(out);
	if (len > HANDOVER_INPUT_MAX) {
		fail(err, errsize, "state of %zu bytes (at most %u)", len,
		     HANDOVER_INPUT_MAX);
		return -1;
	}
	if (decode(buf, len, out, &r) < 0) {
		handover_state_free(out);
		return -1;
	}
	return 0;
}
