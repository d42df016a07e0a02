/* Unit tests of the re-exec hand-over codec (lib/handover*.c). */
#include "handover.h"
#include "handover_equal.h"

#include <check.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "run_suite.h"

/* ---- helpers ----------------------------------------------------------- */

static char *xstrdup(const char *s)
{
	char *p = strdup(s);

	ck_assert_ptr_nonnull(p);
	return p;
}

/* A state with every field away from its default. */
static void full_state(struct handover_state *st)
{
	handover_state_init(st);
	strcpy(st->version, "@(#) init initsuite 0.2.0");
	st->runlevel = '3';
	st->thislevel = '3';
	st->prevlevel = '2';
	st->got_signals = 0x4000;
	st->wrote_wtmp_reboot = 0;
	st->wrote_utmp_reboot = 0;
	st->sleep_time = 5;
	st->did_boot = 1;
	st->wrote_wtmp_rlevel = 1;
	st->wrote_utmp_rlevel = 0;
	st->phase = 4;
	st->target = '5';
	st->grace_ms = 2500;
	ck_assert_int_eq(handover_add_env(st, "INIT_COLOUR=blue"), 0);
	ck_assert_int_eq(handover_add_env(st, "INIT_ODD=back\\slash\nnewline"), 0);
	ck_assert_int_eq(handover_add_waiter(st, "n0nce-1"), 0);
	ck_assert_int_eq(handover_add_waiter(st, "w_2"), 0);
	strcpy(st->console_id, "co");

	struct handover_rec *r = handover_add_rec(st, "1");
	ck_assert_ptr_nonnull(r);
	strcpy(r->levels, "2345");
	r->flags = HANDOVER_FL_RU | HANDOVER_FL_XD;
	r->pid = 4242;
	r->exstat = 256;
	strcpy(r->action, "respawn");
	r->process = xstrdup("/sbin/getty 38400 tty1");
	r->proc.starts = 7;
	r->proc.window_start = 123456789012LL;
	r->proc.window_starts = 3;
	r->proc.has_status = true;
	r->proc.last_status = 9;

	r = handover_add_rec(st, "od");
	ck_assert_ptr_nonnull(r);
	strcpy(r->levels, "a");
	r->flags = HANDOVER_FL_RU | HANDOVER_FL_DE | HANDOVER_FL_XD | HANDOVER_FL_WT;
	r->pid = 77;
	strcpy(r->action, "ondemand");
	r->process = xstrdup("+/bin/sleep 100");
	r->proc.od_active = true;
	r->proc.event_pending = true;
	r->proc.no_utmp = true;
	r->proc.disabled_until = -1;
	r->proc.retry_at = INT64_MAX;

	r = handover_add_rec(st, "gone");
	ck_assert_ptr_nonnull(r);
	strcpy(r->action, "some-future-action");
	r->pid = 99;
	r->proc.stopping = true;
	r->proc.killed = true;
	r->proc.stage_ends_at = INT64_MIN;
	r->proc.leftover = true;
	/* process left NULL: reads as "" */
}

static char *encode(const struct handover_state *st, size_t *len)
{
	char err[160] = "";
	char *text = handover_encode(st, len, err, sizeof(err));

	ck_assert_msg(text != NULL, "encode failed: %s", err);
	ck_assert_str_eq(err, "");
	return text;
}

/* Decode exactly len bytes from a heap copy of that size, so ASan sees any
 * read past the end. */
static int decode_n(const char *text, size_t len, struct handover_state *st,
		    char *err, size_t errsize)
{
	char *copy = malloc(len ? len : 1);

	ck_assert_ptr_nonnull(copy);
	memcpy(copy, text, len);
	int rc = handover_decode(copy, len, st, err, errsize);
	free(copy);
	return rc;
}

static void decode_ok(const char *text, size_t len, struct handover_state *st)
{
	char err[160] = "";

	ck_assert_msg(decode_n(text, len, st, err, sizeof(err)) == 0,
		      "decode failed: %s", err);
}

static void assert_rejected(const char *text, const char *reason)
{
	struct handover_state st;
	char err[160] = "";

	ck_assert_int_eq(decode_n(text, strlen(text), &st, err, sizeof(err)), -1);
	ck_assert_str_eq(err, reason);
	/* nothing half-filled is left behind */
	ck_assert_ptr_null(st.recs);
	ck_assert_uint_eq(st.nrecs, 0);
	ck_assert_uint_eq(st.nenv, 0);
}

static char *slurp(const char *relpath, size_t *len)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s", TOP_SRCDIR, relpath);
	FILE *f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	char *buf = malloc(1 << 16);
	ck_assert_ptr_nonnull(buf);
	*len = fread(buf, 1, 1 << 16, f);
	ck_assert_uint_lt(*len, 1 << 16);
	fclose(f);
	return buf;
}

#define HEADER "VER@(#) init 3.06 miquels@cistron.nl\n-RL2\n-TL2\n-PLN\n-SI0\n" \
	"-WR0\n-WU1\n-ST3\n-DB1\n"

/* ---- the state --------------------------------------------------------- */

START_TEST(test_init_defaults)
{
	struct handover_state st;

	memset(&st, 0x55, sizeof(st));
	handover_state_init(&st);
	/* sysvinit's initial values for its globals */
	ck_assert_int_eq(st.runlevel, 'S');
	ck_assert_int_eq(st.thislevel, 'S');
	ck_assert_int_eq(st.prevlevel, 'N');
	ck_assert_uint_eq(st.got_signals, 0);
	ck_assert_int_eq(st.wrote_wtmp_reboot, 1);
	ck_assert_int_eq(st.wrote_utmp_reboot, 1);
	ck_assert_int_eq(st.sleep_time, 3);
	ck_assert_int_eq(st.did_boot, 0);
	ck_assert_int_eq(st.wrote_wtmp_rlevel, -1);
	ck_assert_int_eq(st.wrote_utmp_rlevel, -1);
	ck_assert_int_eq(st.phase, -1);
	ck_assert_int_eq(st.target, 0);
	ck_assert_int_eq(st.grace_ms, -1);
	ck_assert_str_eq(st.version, "");
	ck_assert_str_eq(st.console_id, "");
	ck_assert_ptr_null(st.recs);
	ck_assert_uint_eq(st.nrecs + st.nenv + st.nwaiters + st.dropped, 0);
}
END_TEST

START_TEST(test_builders)
{
	struct handover_state st;
	char nonce[HANDOVER_NONCE_MAX + 2];

	handover_state_init(&st);
	ck_assert_ptr_null(handover_add_rec(&st, "12345678"));
	ck_assert_ptr_nonnull(handover_add_rec(&st, "1234567"));
	for (int i = 0; i < HANDOVER_ENV_MAX; i++)
		ck_assert_int_eq(handover_add_env(&st, "INIT_X=1"), 0);
	ck_assert_int_eq(handover_add_env(&st, "INIT_Y=1"), -1);
	memset(nonce, 'n', sizeof(nonce) - 1);
	nonce[sizeof(nonce) - 1] = '\0';
	ck_assert_int_eq(handover_add_waiter(&st, nonce), -1);
	nonce[HANDOVER_NONCE_MAX] = '\0';
	for (int i = 0; i < HANDOVER_WAITERS_MAX; i++)
		ck_assert_int_eq(handover_add_waiter(&st, nonce), 0);
	ck_assert_int_eq(handover_add_waiter(&st, "x"), -1);
	handover_state_free(&st);
	ck_assert_uint_eq(st.nrecs + st.nenv + st.nwaiters, 0);
	ck_assert_int_eq(st.runlevel, 'S');
}
END_TEST

/* ---- encoding ---------------------------------------------------------- */

START_TEST(test_encode_exact_text)
{
	struct handover_state st;
	size_t len;

	full_state(&st);
	char *text = encode(&st, &len);
	ck_assert_uint_eq(strlen(text), len);
	ck_assert_str_eq(text,
		"VER@(#) init initsuite 0.2.0\n"
		"-RL3\n-TL3\n-PL2\n-SI16384\n-WR0\n-WU0\n-ST5\n-DB1\n-LW1\n-LU0\n"
		"+PH4\n+TG5\n+GR2500\n"
		"+EVINIT_COLOUR=blue\n"
		"+EVINIT_ODD=back\\\\slash\\nnewline\n"
		"+WNn0nce-1\n+WNw_2\n+CNco\n"
		"REC1\nLEV2345\nFL RU\nFL XD\nPID4242\nEXS256\nAC respawn\n"
		"CMD/sbin/getty 38400 tty1\n"
		"+NS7\n+WB123456789012\n+WC3\n+XS9\nEOR\n"
		"RECod\nLEVa\nFL RU\nFL DE\nFL XD\nFL WT\nPID77\nEXS0\nAC ondemand\n"
		"CMD+/bin/sleep 100\n"
		"+DU-1\n+RA9223372036854775807\n+OD1\n+EP1\n+NU1\nEOR\n"
		"RECgone\nLEV\nPID99\nEXS0\nAC some-future-action\nCMD\n"
		"+SP1\n+KL1\n+KA-9223372036854775808\n+OR1\nEOR\n"
		"END\n");
	free(text);
	handover_state_free(&st);
}
END_TEST

/* What sysvinit's send_state writes for a state of its own: nothing else. */
START_TEST(test_encode_sysvinit_only)
{
	struct handover_state st;
	size_t len;

	handover_state_init(&st);
	strcpy(st.version, "@(#) init 3.06 miquels@cistron.nl");
	st.runlevel = st.thislevel = '2';
	st.wrote_wtmp_reboot = 0;
	st.did_boot = 1;
	struct handover_rec *r = handover_add_rec(&st, "id");
	strcpy(r->levels, "2");
	strcpy(r->action, "initdefault");
	r = handover_add_rec(&st, "x");
	r->flags = HANDOVER_FL_XD;
	char *text = encode(&st, &len);
	ck_assert_str_eq(text, HEADER
		"RECid\nLEV2\nPID0\nEXS0\nAC initdefault\nCMD\nEOR\n"
		"RECx\nLEV\nFL XD\nPID0\nEXS0\nCMD\nEOR\nEND\n");
	free(text);
	handover_state_free(&st);
}
END_TEST

START_TEST(test_encode_rejects)
{
	struct handover_state st;
	char err[160];
	size_t len = 99;

	full_state(&st);
	free(st.recs[1].process);
	st.recs[1].process = xstrdup("/bin/echo a\nb");
	ck_assert_ptr_null(handover_encode(&st, &len, err, sizeof(err)));
	ck_assert_str_eq(err, "record 1: process holds a newline");
	ck_assert_uint_eq(len, 0);
	handover_state_free(&st);

	full_state(&st);
	strcpy(st.recs[0].id, "a\n");
	ck_assert_ptr_null(handover_encode(&st, &len, err, sizeof(err)));
	ck_assert_str_eq(err, "record 0: id holds a newline");
	handover_state_free(&st);

	full_state(&st);
	memset(st.recs[2].levels, '2', sizeof(st.recs[2].levels));
	ck_assert_ptr_null(handover_encode(&st, &len, err, sizeof(err)));
	ck_assert_str_eq(err, "record 2: runlevels is not NUL-terminated");
	handover_state_free(&st);

	full_state(&st);
	strcpy(st.version, "two\nlines");
	ck_assert_ptr_null(handover_encode(&st, &len, err, sizeof(err)));
	ck_assert_str_eq(err, "version is not one line of at most 255 characters");
	handover_state_free(&st);

	full_state(&st);
	st.prevlevel = '\n';
	ck_assert_ptr_null(handover_encode(&st, &len, err, sizeof(err)));
	ck_assert_str_eq(err, "a level character is a newline");
	handover_state_free(&st);

	full_state(&st);
	free(st.recs[0].process);
	st.recs[0].process = malloc(HANDOVER_LINE_MAX - 2);
	memset(st.recs[0].process, 'x', HANDOVER_LINE_MAX - 3);
	st.recs[0].process[HANDOVER_LINE_MAX - 3] = '\0';
	char *text = handover_encode(&st, &len, err, sizeof(err));
	ck_assert_ptr_nonnull(text);                    /* exactly at the limit */
	free(text);
	st.recs[0].process = realloc(st.recs[0].process, HANDOVER_LINE_MAX - 1);
	strcat(st.recs[0].process, "x");
	ck_assert_ptr_null(handover_encode(&st, &len, err, sizeof(err)));
	ck_assert_str_eq(err, "record 0: process of 65534 bytes (at most 65533)");
	handover_state_free(&st);
}
END_TEST

/* ---- round trips ------------------------------------------------------- */

START_TEST(test_round_trip_full)
{
	struct handover_state a, b;
	size_t len;

	full_state(&a);
	char *text = encode(&a, &len);
	decode_ok(text, len, &b);
	ck_assert(handover_equal(&a, &b));
	ck_assert_str_eq(b.env[1], "INIT_ODD=back\\slash\nnewline");
	ck_assert_str_eq(b.recs[2].process, "");
	ck_assert_uint_eq(b.dropped, 0);

	/* with the signature in front, as descriptor 11 carries it */
	char *sig = malloc(len + HANDOVER_SIGNATURE_LEN);
	memcpy(sig, HANDOVER_SIGNATURE, HANDOVER_SIGNATURE_LEN);
	memcpy(sig + HANDOVER_SIGNATURE_LEN, text, len);
	handover_state_free(&b);
	decode_ok(sig, len + HANDOVER_SIGNATURE_LEN, &b);
	ck_assert(handover_equal(&a, &b));

	/* and every field matters to handover_equal */
	b.recs[0].proc.window_starts++;
	ck_assert(!handover_equal(&a, &b));
	b.recs[0].proc.window_starts--;
	b.recs[2].proc.leftover = false;
	ck_assert(!handover_equal(&a, &b));
	b.recs[2].proc.leftover = true;
	b.target = 0;
	ck_assert(!handover_equal(&a, &b));

	free(sig);
	free(text);
	handover_state_free(&a);
	handover_state_free(&b);
}
END_TEST

START_TEST(test_round_trip_long_cmd)
{
	struct handover_state a, b;
	size_t len;

	handover_state_init(&a);
	struct handover_rec *r = handover_add_rec(&a, "lg");
	r->process = malloc(4097);
	for (int i = 0; i < 4096; i++)
		r->process[i] = (char)('a' + i % 26);
	r->process[4096] = '\0';
	r->process[100] = ' ';
	strcpy(r->action, "respawn");
	char *text = encode(&a, &len);
	decode_ok(text, len, &b);
	ck_assert(handover_equal(&a, &b));
	ck_assert_uint_eq(strlen(b.recs[0].process), 4096);
	free(text);
	handover_state_free(&a);
	handover_state_free(&b);
}
END_TEST

START_TEST(test_round_trip_10000_records)
{
	struct handover_state a, b;
	size_t len;

	handover_state_init(&a);
	for (int i = 0; i < 10000; i++) {
		char id[8];
		snprintf(id, sizeof(id), "%d", i);
		struct handover_rec *r = handover_add_rec(&a, id);
		ck_assert_ptr_nonnull(r);
		strcpy(r->levels, "23");
		strcpy(r->action, i % 2 ? "respawn" : "once");
		r->flags = i % 2 ? HANDOVER_FL_RU | HANDOVER_FL_XD : 0;
		r->pid = i % 2 ? 1000 + i : 0;
		r->proc.starts = (unsigned)i;
		r->process = malloc(32);
		snprintf(r->process, 32, "/bin/sleep %d", i);
	}
	char *text = encode(&a, &len);
	decode_ok(text, len, &b);
	ck_assert_uint_eq(b.nrecs, 10000);
	ck_assert(handover_equal(&a, &b));
	ck_assert_str_eq(b.recs[9999].process, "/bin/sleep 9999");
	ck_assert_int_eq(b.recs[9999].pid, 10999);
	free(text);
	handover_state_free(&a);
	handover_state_free(&b);
}
END_TEST

/* ---- sysvinit 3.06 as it really writes ---------------------------------- */

static const struct handover_rec *find(const struct handover_state *st, const char *id)
{
	for (size_t i = 0; i < st->nrecs; i++)
		if (strcmp(st->recs[i].id, id) == 0)
			return &st->recs[i];
	ck_abort_msg("no record %s", id);
	return NULL;
}

/* Every extension field still at its default. */
static void assert_no_ext(const struct handover_state *st)
{
	ck_assert_int_eq(st->phase, -1);
	ck_assert_int_eq(st->target, 0);
	ck_assert_int_eq(st->grace_ms, -1);
	ck_assert_uint_eq(st->nenv + st->nwaiters + st->dropped, 0);
	ck_assert_str_eq(st->console_id, "");
	for (size_t i = 0; i < st->nrecs; i++) {
		const struct handover_rec *r = &st->recs[i];
		ck_assert(r->proc.starts == 0 && r->proc.window_start == 0 &&
			  r->proc.window_starts == 0 && r->proc.disabled_until == 0 &&
			  r->proc.retry_at == 0 && !r->proc.stopping && !r->proc.killed &&
			  r->proc.stage_ends_at == 0 && !r->proc.od_active &&
			  !r->proc.event_pending && !r->proc.has_status && !r->proc.no_utmp &&
			  !r->proc.leftover);
	}
}

/* Re-encoding sysvinit's own state gives back its bytes exactly. */
static void assert_reencodes(const struct handover_state *st, const char *raw, size_t rawlen)
{
	size_t len;
	char *text = encode(st, &len);

	ck_assert_uint_eq(len + HANDOVER_SIGNATURE_LEN, rawlen);
	ck_assert(memcmp(text, raw + HANDOVER_SIGNATURE_LEN, len) == 0);
	free(text);
}

START_TEST(test_sysvinit_settled)
{
	struct handover_state st;
	size_t len;
	char *raw = slurp("tests/unit/data/handover-sysvinit-3.06-settled", &len);

	ck_assert(memcmp(raw, HANDOVER_SIGNATURE, HANDOVER_SIGNATURE_LEN) == 0);
	decode_ok(raw, len, &st);
	ck_assert_str_eq(st.version, "@(#) init 3.06 miquels@cistron.nl");
	ck_assert_int_eq(st.runlevel, '2');
	ck_assert_int_eq(st.thislevel, '2');
	ck_assert_int_eq(st.prevlevel, 'N');
	ck_assert_uint_eq(st.got_signals, 0);
	ck_assert_int_eq(st.wrote_wtmp_reboot, 0);
	ck_assert_int_eq(st.wrote_utmp_reboot, 2);
	ck_assert_int_eq(st.sleep_time, 3);
	ck_assert_int_eq(st.did_boot, 1);
	ck_assert_int_eq(st.wrote_wtmp_rlevel, -1);
	ck_assert_int_eq(st.wrote_utmp_rlevel, -1);
	ck_assert_uint_eq(st.nrecs, 10);

	const struct handover_rec *r = find(&st, "r1");
	ck_assert_str_eq(r->levels, "2345");
	ck_assert_uint_eq(r->flags, HANDOVER_FL_RU | HANDOVER_FL_XD);
	ck_assert_int_gt(r->pid, 1);
	ck_assert_str_eq(r->action, "respawn");
	ck_assert_str_eq(r->process, "/bin/sleep 7001");
	r = find(&st, "r2");
	ck_assert_str_eq(r->process, "+/bin/sleep 7002");   /* '+' kept in the text */
	ck_assert_uint_eq(r->flags, HANDOVER_FL_RU | HANDOVER_FL_XD);
	r = find(&st, "r3");
	ck_assert_uint_eq(r->flags, 0);
	ck_assert_int_eq(r->pid, 0);
	r = find(&st, "oa");
	ck_assert_uint_eq(r->flags, HANDOVER_FL_RU | HANDOVER_FL_DE | HANDOVER_FL_XD);
	ck_assert_str_eq(r->action, "ondemand");
	r = find(&st, "w2");
	ck_assert_uint_eq(r->flags, HANDOVER_FL_XD);      /* done, its pid kept */
	ck_assert_int_gt(r->pid, 1);
	ck_assert_str_eq(r->action, "wait");
	r = find(&st, "o2");
	ck_assert_uint_eq(r->flags, HANDOVER_FL_XD);
	ck_assert_str_eq(r->action, "once");
	r = find(&st, "id");
	ck_assert_str_eq(r->action, "initdefault");
	ck_assert_str_eq(r->process, "");
	r = find(&st, "si");
	ck_assert_str_eq(r->levels, "#");
	ck_assert_str_eq(r->action, "sysinit");
	r = find(&st, "ca");
	ck_assert_str_eq(r->levels, "S0123456789");
	ck_assert_str_eq(r->action, "ctrlaltdel");
	ck_assert_str_eq(find(&st, "of")->action, "off");
	assert_no_ext(&st);
	assert_reencodes(&st, raw, len);
	handover_state_free(&st);
	free(raw);
}
END_TEST

START_TEST(test_sysvinit_waiting)
{
	struct handover_state st;
	size_t len;
	char *raw = slurp("tests/unit/data/handover-sysvinit-3.06-waiting", &len);

	decode_ok(raw, len, &st);
	ck_assert_uint_eq(st.nrecs, 5);
	const struct handover_rec *r = find(&st, "w2");
	ck_assert_uint_eq(r->flags, HANDOVER_FL_RU | HANDOVER_FL_XD | HANDOVER_FL_WT);
	ck_assert_str_eq(r->process, "/bin/sleep 7010");
	r = find(&st, "~~");                /* sysvinit's built-in sulogin entry */
	ck_assert_str_eq(r->levels, "S");
	ck_assert_str_eq(r->action, "wait");
	ck_assert_str_eq(r->process, "/sbin/sulogin");
	assert_no_ext(&st);
	assert_reencodes(&st, raw, len);
	handover_state_free(&st);
	free(raw);
}
END_TEST

/*
 * A model of sysvinit 3.06's reader (src/init.c get_cmd, get_record,
 * receive_state), stdio and fscanf formats included, run on what we
 * write: it must take the records and skip every extension tag.
 */
struct sv_child {
	char id[8], rlevel[12], process[128];
	int flags, pid, action;
	unsigned exstat;
};

static int sv_get_cmd(FILE *f)
{
	static const char *const names[] = {
		"VER", "END", "REC", "EOR", "LEV", "FL ", "AC ", "CMD", "PID",
		"EXS", "-RL", "-TL", "-PL", "-SI", "-WR", "-WU", "-ST", "-DB",
		"-LW", "-LU",
	};
	char cmd[4] = "   ";

	if (fread(cmd, 1, 3, f) != 3)
		return -1;                                  /* C_EOF */
	for (int i = 0; i < (int)(sizeof(names) / sizeof(names[0])); i++)
		if (strcmp(names[i], cmd) == 0)
			return i < 10 ? i + 1 : -(i - 10 + 2);  /* C_*, D_* */
	return 0;
}

static void sv_get_string(char *p, int size, FILE *f)
{
	int c;

	while ((c = getc(f)) != EOF && c != '\n')
		if (--size > 0)
			*p++ = (char)c;
	*p = '\0';
}

static void sv_get_void(FILE *f)
{
	int c;

	while ((c = getc(f)) != EOF && c != '\n')
		;
}

/* Returns the number of records read, or -1 for sysvinit's oops_error. */
static int sv_receive_state(FILE *f, struct sv_child *kids, int max, char levels[3])
{
	int n = 0, cmd, d;
	unsigned u;
	char s[32];

	if (sv_get_cmd(f) != 1)
		return -1;
	sv_get_string(s, sizeof(s), f);
	for (;;) {
		do {
			switch (cmd = sv_get_cmd(f)) {
			case 2: sv_get_void(f); return n;       /* END */
			case 0: sv_get_void(f); break;
			case 3: break;                          /* REC */
			case -2: case -3: case -4:
				if (fscanf(f, "%c\n", &levels[-cmd - 2]) != 1)
					return -1;
				break;
			case -5:
				if (fscanf(f, "%u\n", &u) != 1)
					return -1;
				break;
			default:
				if (cmd > 0 || cmd == -1)
					return -1;
				if (fscanf(f, "%d\n", &d) != 1)
					return -1;
			}
		} while (cmd != 3);
		ck_assert_int_lt(n, max);
		struct sv_child *p = &kids[n++];
		memset(p, 0, sizeof(*p));
		sv_get_string(p->id, sizeof(p->id), f);
		do switch (cmd = sv_get_cmd(f)) {
			case 0: case 4: sv_get_void(f); break;  /* unknown, EOR */
			case 9: if (fscanf(f, "%d\n", &p->pid) != 1) return -1; break;
			case 10: if (fscanf(f, "%u\n", &p->exstat) != 1) return -1; break;
			case 5: sv_get_string(p->rlevel, sizeof(p->rlevel), f); break;
			case 8: sv_get_string(p->process, sizeof(p->process), f); break;
			case 6:
				sv_get_string(s, sizeof(s), f);
				p->flags |= !strcmp(s, "RU") ? 2 : !strcmp(s, "DE") ? 8 :
					    !strcmp(s, "XD") ? 128 : !strcmp(s, "WT") ? 32 : 0;
				break;
			case 7:
				sv_get_string(s, sizeof(s), f);
				p->action = !strcmp(s, "respawn") ? 1 : !strcmp(s, "ondemand") ? 11 : 10;
				break;
			default:
				return -1;
		} while (cmd != 4);
	}
}

START_TEST(test_sysvinit_reader_skips_ours)
{
	struct handover_state st;
	struct sv_child kids[4];
	char levels[3] = "";
	size_t len;

	full_state(&st);
	char *text = encode(&st, &len);
	FILE *f = fmemopen(text, len, "r");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(sv_receive_state(f, kids, 4, levels), 3);
	fclose(f);
	ck_assert(memcmp(levels, "332", 3) == 0);
	ck_assert_str_eq(kids[0].id, "1");
	ck_assert_str_eq(kids[0].rlevel, "2345");
	ck_assert_int_eq(kids[0].flags, 2 | 128);
	ck_assert_int_eq(kids[0].pid, 4242);
	ck_assert_uint_eq(kids[0].exstat, 256);
	ck_assert_int_eq(kids[0].action, 1);
	ck_assert_str_eq(kids[0].process, "/sbin/getty 38400 tty1");
	ck_assert_str_eq(kids[1].id, "od");
	ck_assert_int_eq(kids[1].flags, 2 | 8 | 128 | 32);
	ck_assert_int_eq(kids[1].pid, 77);
	ck_assert_int_eq(kids[1].action, 11);
	ck_assert_str_eq(kids[1].process, "+/bin/sleep 100");
	ck_assert_str_eq(kids[2].id, "gone");
	ck_assert_int_eq(kids[2].pid, 99);
	ck_assert_int_eq(kids[2].action, 10);

	/* The model is strict where sysvinit is: a known machine tag inside a
	 * record fails; and after a number, fscanf's "\n" eats the white space
	 * a line starts with, so " EO" would be read as EOR, the record would
	 * end early and its PID line fail. */
	static const char bad1[] = "VERx\nRECa\n-RL2\nEOR\nEND\n";
	static const char bad2[] = "VERx\nRECa\nPID1\n EOR\nPID2\nEOR\nEND\n";
	f = fmemopen((void *)bad1, sizeof(bad1) - 1, "r");
	ck_assert_int_eq(sv_receive_state(f, kids, 4, levels), -1);
	fclose(f);
	f = fmemopen((void *)bad2, sizeof(bad2) - 1, "r");
	ck_assert_int_eq(sv_receive_state(f, kids, 4, levels), -1);
	fclose(f);
	free(text);
	handover_state_free(&st);
}
END_TEST

/* ---- tolerance --------------------------------------------------------- */

START_TEST(test_unknown_tags_skipped)
{
	struct handover_state a, b;
	static const char plain[] = HEADER
		"RECr1\nLEV2\nFL RU\nPID12\nEXS0\nAC respawn\nCMD/bin/sleep 1\n+NS2\nEOR\n"
		"END\n";
	static const char noisy[] =
		"VER@(#) init 3.06 miquels@cistron.nl\n"
		"ZZZsomething new\n"            /* unknown, before the header ends */
		"-RL2\n-TL2\n-PLN\n-SI0\n-WR0\n-WU1\n-ST3\n-DB1\n"
		"-QQ1\n"                        /* unknown '-' tag: skipped too */
		"+QQ\n"                         /* a future tag of ours */
		"+NS5\n"                        /* a record tag outside a record */
		"tim0 with lowercase\n"
		"RECr1\n"
		"XYZ\n"
		"LEV2\n"
		"-QQ9\n"
		"FL RU\n"
		"+ZZ1\n"
		"+PH3\n"                        /* a machine tag inside a record */
		"PID12\nEXS0\nAC respawn\nCMD/bin/sleep 1\n+NS2\n"
		"   \n"                         /* three blanks: an unknown tag */
		"EOR\n"
		"ZZZ\n"
		"END\n"
		"anything after END is not read\n\x01";

	decode_ok(plain, sizeof(plain) - 1, &a);
	decode_ok(noisy, sizeof(noisy) - 1, &b);
	ck_assert(handover_equal(&a, &b));
	ck_assert_int_eq(b.phase, -1);
	ck_assert_uint_eq(b.recs[0].proc.starts, 2);
	handover_state_free(&a);
	handover_state_free(&b);
}
END_TEST

START_TEST(test_missing_tags_default)
{
	struct handover_state st;
	static const char bare[] = "VER\nRECa\nEOR\nRECb\nPID5\nEOR\nEND\n";

	decode_ok(bare, sizeof(bare) - 1, &st);
	ck_assert_str_eq(st.version, "");
	ck_assert_int_eq(st.runlevel, 'S');
	ck_assert_int_eq(st.prevlevel, 'N');
	ck_assert_int_eq(st.wrote_utmp_reboot, 1);
	ck_assert_int_eq(st.sleep_time, 3);
	ck_assert_uint_eq(st.nrecs, 2);
	ck_assert_str_eq(st.recs[0].id, "a");
	ck_assert_str_eq(st.recs[0].levels, "");
	ck_assert_str_eq(st.recs[0].action, "");
	ck_assert_ptr_null(st.recs[0].process);
	ck_assert_int_eq(st.recs[0].pid, 0);
	ck_assert_int_eq(st.recs[1].pid, 5);
	assert_no_ext(&st);
	handover_state_free(&st);
}
END_TEST

START_TEST(test_unknown_action_and_flags)
{
	struct handover_state st;
	static const char text[] = "VERx\nRECa\nFL ZZ\nFL RU\nFL KI\nFL RUN\nFL \n"
		"AC respawn-later\nCMD/bin/true\nEOR\nEND";      /* END at EOF, no newline */

	decode_ok(text, sizeof(text) - 1, &st);
	ck_assert_uint_eq(st.recs[0].flags, HANDOVER_FL_RU);
	ck_assert_str_eq(st.recs[0].action, "respawn-later");
	handover_state_free(&st);
}
END_TEST

START_TEST(test_limits_drop_extras)
{
	struct handover_state st;
	char text[8192];
	char nonce[HANDOVER_NONCE_MAX + 2];
	size_t n = 0;

	memset(nonce, 'n', sizeof(nonce) - 1);
	nonce[sizeof(nonce) - 1] = '\0';
	n += (size_t)sprintf(text + n, "VERx\n");
	for (int i = 0; i < HANDOVER_ENV_MAX + 2; i++)
		n += (size_t)sprintf(text + n, "+EVINIT_V%d=%d\n", i, i);
	for (int i = 0; i < HANDOVER_WAITERS_MAX + 1; i++)
		n += (size_t)sprintf(text + n, "+WNw%d\n", i);
	n += (size_t)sprintf(text + n, "+WN%s\nEND\n", nonce);
	decode_ok(text, n, &st);
	ck_assert_uint_eq(st.nenv, HANDOVER_ENV_MAX);
	ck_assert_str_eq(st.env[15], "INIT_V15=15");
	ck_assert_uint_eq(st.nwaiters, HANDOVER_WAITERS_MAX);
	ck_assert_str_eq(st.waiters[7], "w7");
	ck_assert_uint_eq(st.dropped, 2 + 1 + 1);
	handover_state_free(&st);
}
END_TEST

/* ---- refusals ---------------------------------------------------------- */

START_TEST(test_structure_errors)
{
	assert_rejected("", "empty state");
	assert_rejected(HANDOVER_SIGNATURE, "empty state");
	assert_rejected("-RL2\nEND\n", "line 1: no VER: not a hand-over state");
	assert_rejected("12567361VERx\nEND\n", "line 1: no VER: not a hand-over state");
	assert_rejected("VERx\n-RL2\nPID12\nEND\n", "line 3: PID without REC");
	assert_rejected("VERx\nRECa\nEOR\nEOR\nEND\n", "line 4: EOR without REC");
	assert_rejected("VERx\nFL RU\nEND\n", "line 2: FL without REC");
	assert_rejected("VERx\nRECa\nPID1\nEND\n", "line 4: END inside record \"a\" (no EOR)");
	assert_rejected("VERx\nRECa\nRECb\nEOR\nEND\n", "line 3: REC inside record \"a\" (no EOR)");
	assert_rejected("VERx\nRECa\n-RL2\nEOR\nEND\n", "line 3: -RL inside record \"a\" (no EOR)");
	assert_rejected("VERx\nVERy\nEND\n", "line 2: VER again");
	assert_rejected("VERx\n\nEND\n", "line 2: no tag");
	assert_rejected("VERx\nAB\nEND\n", "line 2: no tag");
	assert_rejected("VERx\n-RL2\n", "truncated after line 2 (no END)");
	assert_rejected("VERx\nRECa\nPID1", "truncated in record \"a\" after line 3 (no END)");
	assert_rejected("VERx\nEN", "truncated after line 2 (no END)");
}
END_TEST

START_TEST(test_value_errors)
{
	assert_rejected("VERx\n-RL\nEND\n", "line 2: -RL wants one character: \"\"");
	assert_rejected("VERx\n-RL23\nEND\n", "line 2: -RL wants one character: \"23\"");
	assert_rejected("VERx\n-SI-1\nEND\n", "line 2: -SI wants a number: \"-1\"");
	assert_rejected("VERx\n-ST 3\nEND\n", "line 2: -ST wants a number: \" 3\"");
	assert_rejected("VERx\n-DB\nEND\n", "line 2: -DB wants a number: \"\"");
	assert_rejected("VERx\n-DB-\nEND\n", "line 2: -DB wants a number: \"-\"");
	assert_rejected("VERx\nRECa\nPID2147483648\nEOR\nEND\n",
			"line 3: PID out of range: \"2147483648\"");
	assert_rejected("VERx\nRECa\nEXS4294967296\nEOR\nEND\n",
			"line 3: EXS out of range: \"4294967296\"");
	assert_rejected("VERx\nRECa\n+KA9223372036854775808\nEOR\nEND\n",
			"line 3: +KA out of range: \"9223372036854775808\"");
	assert_rejected("VERx\nRECa\n+KA-9223372036854775809\nEOR\nEND\n",
			"line 3: +KA out of range: \"-9223372036854775809\"");
	assert_rejected("VERx\nRECa\n+KA99999999999999999999999\nEOR\nEND\n",
			"line 3: +KA out of range: \"99999999999999999999999\"");
	assert_rejected("VERx\nRECa\n+SP2\nEOR\nEND\n", "line 3: +SP wants 0 or 1: \"2\"");
	assert_rejected("VERx\nREC12345678\nEOR\nEND\n",
			"line 2: REC longer than 7 characters: \"12345678\"");
	assert_rejected("VERx\nRECa\nLEV0123456789Sabc0123456789Sabc0123\nEOR\nEND\n",
			"line 3: LEV longer than 31 characters: \"0123456789Sabc0123456789Sabc0123\"");
	assert_rejected("VERx\nRECa\nAC aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\nEOR\nEND\n",
			"line 3: AC longer than 31 characters: \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"");
	assert_rejected("VERx\n+EVINIT_A=\\t\nEND\n", "line 2: +EV holds a bad escape: \"INIT_A=\\t\"");
	assert_rejected("VERx\n+EVINIT_A=\\\nEND\n", "line 2: +EV holds a bad escape: \"INIT_A=\\\"");
	assert_rejected("VERx\n+CN12345678\nEND\n", "line 2: +CN is longer than an id: \"12345678\"");
	assert_rejected("VERx\n+GRsoon\nEND\n", "line 2: +GR wants a number: \"soon\"");

	/* a NUL byte in text: refused; as a level character: taken */
	static const char nul_cmd[] = "VERx\nRECa\nCMDa\0b\nEOR\nEND\n";
	static const char nul_lvl[] = "VERx\n-PL\0\nEND\n";
	struct handover_state st;
	char err[160];
	ck_assert_int_eq(decode_n(nul_cmd, sizeof(nul_cmd) - 1, &st, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "line 3: CMD holds a NUL byte: \"a?b\"");
	decode_ok(nul_lvl, sizeof(nul_lvl) - 1, &st);
	ck_assert_int_eq(st.prevlevel, '\0');
	size_t len;
	char *text = encode(&st, &len);
	ck_assert_uint_eq(len, strlen("VERx\n-RLS\n-TLS\n-PL\n") + 1 +
			  strlen("-SI0\n-WR1\n-WU1\n-ST3\n-DB0\nEND\n"));
	handover_state_free(&st);
	free(text);
}
END_TEST

START_TEST(test_version_cut)
{
	struct handover_state st;
	char text[400];

	strcpy(text, "VER");
	memset(text + 3, 'v', 300);
	strcpy(text + 303, "\nEND\n");
	decode_ok(text, strlen(text), &st);
	ck_assert_uint_eq(strlen(st.version), HANDOVER_VERSION_MAX);
	handover_state_free(&st);
}
END_TEST

START_TEST(test_line_and_size_bounds)
{
	struct handover_state st;
	char err[160];
	size_t n = 3 + HANDOVER_LINE_MAX + 64;
	char *text = malloc(n);

	/* a line of exactly HANDOVER_LINE_MAX bytes is taken ... */
	memcpy(text, "VERx\nRECa\nCMD", 13);
	memset(text + 13, 'c', HANDOVER_LINE_MAX - 3);
	size_t k = 13 + HANDOVER_LINE_MAX - 3;
	memcpy(text + k, "\nEOR\nEND\n", 9);
	decode_ok(text, k + 9, &st);
	ck_assert_uint_eq(strlen(st.recs[0].process), HANDOVER_LINE_MAX - 3);
	handover_state_free(&st);
	/* ... one more byte is not, with or without a newline after it */
	memset(text + 13, 'c', HANDOVER_LINE_MAX - 2);
	k = 13 + HANDOVER_LINE_MAX - 2;
	memcpy(text + k, "\nEOR\nEND\n", 9);
	ck_assert_int_eq(decode_n(text, k + 9, &st, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "line 3: longer than 65536 bytes");
	ck_assert_int_eq(decode_n(text, k, &st, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "line 3: longer than 65536 bytes");
	free(text);

	/* the whole input */
	ck_assert_int_eq(handover_decode("VERx\nEND\n", (size_t)HANDOVER_INPUT_MAX + 1,
					 &st, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "state of 67108865 bytes (at most 67108864)");
}
END_TEST

START_TEST(test_record_bound)
{
	struct handover_state st;
	char err[160];
	static const char rec[] = "REC\nEOR\n";
	size_t n = 5 + (HANDOVER_RECORDS_MAX + 1) * (sizeof(rec) - 1) + 4;
	char *text = malloc(n), *p = text;

	memcpy(p, "VERx\n", 5);
	p += 5;
	for (int i = 0; i < HANDOVER_RECORDS_MAX; i++, p += sizeof(rec) - 1)
		memcpy(p, rec, sizeof(rec) - 1);
	memcpy(p, "END\n", 4);
	decode_ok(text, (size_t)(p + 4 - text), &st);
	ck_assert_uint_eq(st.nrecs, HANDOVER_RECORDS_MAX);
	handover_state_free(&st);
	memcpy(p, rec, sizeof(rec) - 1);
	memcpy(p + sizeof(rec) - 1, "END\n", 4);
	ck_assert_int_eq(decode_n(text, n, &st, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "line 200002: more than 100000 records");
	free(text);
}
END_TEST

/* Every prefix of a valid state: an error until END is whole, never a
 * crash or a read past the end (the copies are exact-size heap blocks). */
START_TEST(test_truncation_every_offset)
{
	struct handover_state a, b;
	size_t len;

	full_state(&a);
	char *text = encode(&a, &len);
	char *sig = malloc(len + HANDOVER_SIGNATURE_LEN);
	memcpy(sig, HANDOVER_SIGNATURE, HANDOVER_SIGNATURE_LEN);
	memcpy(sig + HANDOVER_SIGNATURE_LEN, text, len);
	for (int with_sig = 0; with_sig <= 1; with_sig++) {
		const char *t = with_sig ? sig : text;
		size_t total = len + (with_sig ? HANDOVER_SIGNATURE_LEN : 0);
		for (size_t k = 0; k <= total; k++) {
			char err[160] = "";
			int rc = decode_n(t, k, &b, err, sizeof(err));
			if (k >= total - 1) {           /* "END" or "END\n" */
				ck_assert_msg(rc == 0, "prefix %zu: %s", k, err);
				ck_assert(handover_equal(&a, &b));
				handover_state_free(&b);
			} else {
				ck_assert_msg(rc == -1, "prefix %zu of %zu decoded", k, total);
				ck_assert(err[0] != '\0' && strchr(err, '\n') == NULL);
				ck_assert_ptr_null(b.recs);
			}
		}
	}
	free(sig);
	free(text);
	handover_state_free(&a);
}
END_TEST

static Suite *handover_suite(void)
{
	Suite *s = suite_create("handover");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_init_defaults);
	tcase_add_test(tc, test_builders);
	tcase_add_test(tc, test_encode_exact_text);
	tcase_add_test(tc, test_encode_sysvinit_only);
	tcase_add_test(tc, test_encode_rejects);
	tcase_add_test(tc, test_round_trip_full);
	tcase_add_test(tc, test_round_trip_long_cmd);
	tcase_add_test(tc, test_round_trip_10000_records);
	tcase_add_test(tc, test_sysvinit_settled);
	tcase_add_test(tc, test_sysvinit_waiting);
	tcase_add_test(tc, test_sysvinit_reader_skips_ours);
	tcase_add_test(tc, test_unknown_tags_skipped);
	tcase_add_test(tc, test_missing_tags_default);
	tcase_add_test(tc, test_unknown_action_and_flags);
	tcase_add_test(tc, test_limits_drop_extras);
	tcase_add_test(tc, test_structure_errors);
	tcase_add_test(tc, test_value_errors);
	tcase_add_test(tc, test_version_cut);
	tcase_add_test(tc, test_line_and_size_bounds);
	tcase_add_test(tc, test_record_bound);
	tcase_add_test(tc, test_truncation_every_offset);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(handover_suite());
}
