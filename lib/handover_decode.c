/*
 * handover_decode: sysvinit's STATE_PIPE text read into a hand-over state
 * (see handover.h for the format and the extension tags).  Pure: no I/O,
 * no globals but constant tables.  The decoder reads lines out of a
 * counted buffer and never looks past its end.
 */
#include "handover_wire.h"
#include "errbuf.h"

#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* ---- decoding --------------------------------------------------------- */

struct reader {
	unsigned line;
	enum tag tag;
	const char *val;        /* the line after its tag */
	size_t vlen;
	bool in_rec;            /* between REC and EOR */
	bool ended;             /* END read */
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
	errbuf_set(r->err, r->errsize, "line %u: %.*s %s: \"%s\"", r->line,
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
		errbuf_set(r->err, r->errsize, "line %u: no memory", r->line);
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
			errbuf_set(r->err, r->errsize, "line %u: no memory", r->line);
			return -1;
		}
		memcpy(s, r->val, r->vlen);
		s[r->vlen] = '\0';
		free(rec->process);
		rec->process = s;
		return 0;
	case X_NS: return get_uint(r, &rec->proc.starts);
	case X_WB: return get_i64(r, &rec->proc.window_start);
	case X_WC: return get_uint(r, &rec->proc.window_starts);
	case X_DU: return get_i64(r, &rec->proc.disabled_until);
	case X_RA: return get_i64(r, &rec->proc.retry_at);
	case X_SP: return get_bool(r, &rec->proc.stopping);
	case X_KL: return get_bool(r, &rec->proc.killed);
	case X_KA: return get_i64(r, &rec->proc.stage_ends_at);
	case X_OD: return get_bool(r, &rec->proc.od_active);
	case X_EP: return get_bool(r, &rec->proc.event_pending);
	case X_XS:
		rec->proc.has_status = true;
		return get_int(r, &rec->proc.last_status);
	case X_NU: return get_bool(r, &rec->proc.no_utmp);
	case X_OR: return get_bool(r, &rec->proc.leftover);
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
		errbuf_set(r->err, r->errsize, "line %u: more than %d records", r->line,
		           HANDOVER_RECORDS_MAX);
		return -1;
	}
	if (!handover_add_rec(st, id)) {
		errbuf_set(r->err, r->errsize, "line %u: no memory", r->line);
		return -1;
	}
	return 0;
}

/*
 * Cuts the line at *pos into r (its tag and value) and moves *pos past it:
 * 1 when there is a line, 0 when the text ends in a piece too short for a
 * tag (truncation, which the caller reports), -1 on an error.
 */
static int next_line(const char *p, size_t len, size_t *pos, struct reader *r)
{
	size_t avail = len - *pos;
	size_t scan = avail < HANDOVER_LINE_MAX + 1 ? avail : HANDOVER_LINE_MAX + 1;
	const char *s = p + *pos;
	const char *nl = memchr(s, '\n', scan);
	size_t n = nl ? (size_t)(nl - s) : scan;

	r->line++;
	if (n > HANDOVER_LINE_MAX)
		return errbuf_set(r->err, r->errsize, "line %u: longer than %d bytes",
				  r->line, HANDOVER_LINE_MAX);
	*pos += n + (nl ? 1 : 0);
	if (n < 3) {
		if (!nl)
			return 0;
		return errbuf_set(r->err, r->errsize, "line %u: no tag", r->line);
	}
	r->tag = tag_lookup(s);
	r->val = s + 3;
	r->vlen = n - 3;
	if (r->line == 1 && r->tag != T_VER)
		return errbuf_set(r->err, r->errsize,
				  "line 1: no VER: not a hand-over state");
	return 1;
}

/* A line inside the last record: EOR ends it, a machine or structure tag
 * is an error (sysvinit's get_record), anything else is a record item. */
static int record_line(struct reader *r, struct handover_state *st)
{
	struct handover_rec *rec = &st->recs[st->nrecs - 1];
	enum scope sc = tags[r->tag].scope;

	if (sc == SC_STRUCT || sc == SC_MACHINE)
		return errbuf_set(r->err, r->errsize,
				  "line %u: %.*s inside record \"%s\" (no EOR)",
				  r->line, tag_shown_len(r->tag), tags[r->tag].name,
				  rec->id);
	if (r->tag == T_EOR) {
		r->in_rec = false;
		return 0;
	}
	if (sc == SC_RECORD || sc == SC_XRECORD)
		return record_item(r, rec);
	return 0;
}

/* A structure line outside records: VER (line 1 only), REC or END. */
static int struct_line(struct reader *r, struct handover_state *st)
{
	if (r->tag == T_END) {
		r->ended = true;
		return 0;
	}
	if (r->tag == T_REC) {
		r->in_rec = true;
		return begin_record(r, st);
	}
	if (r->line == 1)
		return get_text(r, st->version, HANDOVER_VERSION_MAX, true);
	return errbuf_set(r->err, r->errsize, "line %u: VER again", r->line);
}

/* A line outside records: structure, a machine item, or skipped. */
static int machine_line(struct reader *r, struct handover_state *st)
{
	switch (tags[r->tag].scope) {
	case SC_STRUCT:
		return struct_line(r, st);
	case SC_RECORD:
		return errbuf_set(r->err, r->errsize, "line %u: %.*s without REC",
				  r->line, tag_shown_len(r->tag), tags[r->tag].name);
	case SC_MACHINE:
	case SC_XMACHINE:
		return machine_item(r, st);
	default:
		return 0;
	}
}

static int decode(const char *p, size_t len, struct handover_state *st,
		  struct reader *r)
{
	size_t pos = 0;

	if (len >= HANDOVER_SIGNATURE_LEN &&
	    memcmp(p, HANDOVER_SIGNATURE, HANDOVER_SIGNATURE_LEN) == 0)
		pos = HANDOVER_SIGNATURE_LEN;
	if (pos == len)
		return errbuf_set(r->err, r->errsize, "empty state");
	while (pos < len) {
		int got = next_line(p, len, &pos, r);
		if (got < 0)
			return -1;
		if (got == 0)
			break;          /* truncated: reported below */
		if ((r->in_rec ? record_line(r, st) : machine_line(r, st)) < 0)
			return -1;
		if (r->ended)
			return 0;       /* what follows END is not read */
	}
	if (r->in_rec)
		return errbuf_set(r->err, r->errsize,
				  "truncated in record \"%s\" after line %u (no END)",
				  st->recs[st->nrecs - 1].id, r->line);
	return errbuf_set(r->err, r->errsize, "truncated after line %u (no END)",
			  r->line);
}

int handover_decode(const void *buf, size_t len, struct handover_state *out,
		    char *err, size_t errsize)
{
	struct reader r = { .err = err, .errsize = errsize };

	handover_state_init(out);
	if (len > HANDOVER_INPUT_MAX) {
		errbuf_set(err, errsize, "state of %zu bytes (at most %u)", len,
		           HANDOVER_INPUT_MAX);
		return -1;
	}
	if (decode(buf, len, out, &r) < 0) {
		handover_state_free(out);
		return -1;
	}
	return 0;
}
