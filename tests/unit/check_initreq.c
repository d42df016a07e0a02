/* Unit tests of the /run/initctl codec (init/initreq.c). */
#include "initreq.h"

#include <check.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "run_suite.h"

/* ---- helpers ----------------------------------------------------------- */

static struct init_request raw(int cmd, int runlevel, int sleeptime)
{
	struct init_request r;

	memset(&r, 0, sizeof(r));
	r.magic = INITREQ_MAGIC;
	r.cmd = cmd;
	r.runlevel = runlevel;
	r.sleeptime = sleeptime;
	return r;
}

static int decode(const struct init_request *r, struct initreq_msg *m, char *err)
{
	return initreq_decode(r, sizeof(*r), m, err, 128);
}

static void assert_rejected(const struct init_request *r, const char *reason)
{
	struct initreq_msg m;
	char err[128] = "";

	ck_assert_int_eq(decode(r, &m, err), -1);
	ck_assert_str_eq(err, reason);
}

/* ---- layout ------------------------------------------------------------ */

START_TEST(test_layout)
{
	ck_assert_uint_eq(sizeof(struct init_request), 384);
	ck_assert_uint_eq(INITREQ_SIZE, 384);
	ck_assert_uint_eq(INITREQ_DATA_SIZE, 368);
	ck_assert_uint_eq(sizeof(int), 4);
	ck_assert_uint_eq(offsetof(struct init_request, magic), 0);
	ck_assert_uint_eq(offsetof(struct init_request, cmd), 4);
	ck_assert_uint_eq(offsetof(struct init_request, runlevel), 8);
	ck_assert_uint_eq(offsetof(struct init_request, sleeptime), 12);
	ck_assert_uint_eq(offsetof(struct init_request, i), 16);
	ck_assert_uint_eq(offsetof(struct init_request, i.data), 16);
	ck_assert_uint_eq(sizeof(((struct init_request *)0)->i.data), 368);
	ck_assert_uint_eq(sizeof(((struct init_request *)0)->i), 368);

	ck_assert_uint_eq(sizeof(struct init_request_bsd), 368);
	ck_assert_uint_eq(offsetof(struct init_request_bsd, gen_id), 0);
	ck_assert_uint_eq(offsetof(struct init_request_bsd, tty_id), 8);
	ck_assert_uint_eq(offsetof(struct init_request_bsd, host), 24);
	ck_assert_uint_eq(offsetof(struct init_request_bsd, term_type), 88);
	ck_assert_uint_eq(offsetof(struct init_request_bsd, signal), 104);
	ck_assert_uint_eq(offsetof(struct init_request_bsd, pid), 108);
	ck_assert_uint_eq(offsetof(struct init_request_bsd, exec_name), 112);
	ck_assert_uint_eq(offsetof(struct init_request_bsd, reserved), 240);
	ck_assert_uint_eq(offsetof(struct init_request, i.bsd.exec_name), 16 + 112);
}
END_TEST

START_TEST(test_constants)
{
	ck_assert_int_eq(INITREQ_MAGIC, 0x03091969);
	ck_assert_int_eq(INITCMD_START, 0);
	ck_assert_int_eq(INITCMD_RUNLVL, 1);
	ck_assert_int_eq(INITCMD_POWERFAIL, 2);
	ck_assert_int_eq(INITCMD_POWERFAILNOW, 3);
	ck_assert_int_eq(INITCMD_POWEROK, 4);
	ck_assert_int_eq(INITCMD_BSD, 5);
	ck_assert_int_eq(INITCMD_SETENV, 6);
	ck_assert_int_eq(INITCMD_UNSETENV, 7);
	ck_assert_int_eq(INITCMD_STATUS, 100);
	ck_assert_int_eq(INITREQ_ENV_MAX, 16);
}
END_TEST

/* The bytes sysvinit's telinit sends for `telinit -t 5 3`, little-endian. */
START_TEST(test_wire_bytes)
{
	struct init_request r;
	unsigned char bytes[INITREQ_SIZE];
	static const unsigned char head[16] = {
		0x69, 0x19, 0x09, 0x03,  1, 0, 0, 0,  '3', 0, 0, 0,  5, 0, 0, 0,
	};

	ck_assert_int_eq(initreq_encode_runlevel(&r, '3', 5, NULL), 0);
	memcpy(bytes, &r, sizeof(bytes));
	ck_assert_mem_eq(bytes, head, sizeof(head));
	for (size_t i = 16; i < sizeof(bytes); i++)
		ck_assert_uint_eq(bytes[i], 0);
}
END_TEST

/* ---- runlevel requests ------------------------------------------------- */

START_TEST(test_runlevel_every_level)
{
	static const struct { char sent, seen; } levels[] = {
		{ '0', '0' }, { '1', '1' }, { '2', '2' }, { '3', '3' }, { '4', '4' },
		{ '5', '5' }, { '6', '6' }, { '7', '7' }, { '8', '8' }, { '9', '9' },
		{ 'S', 'S' }, { 's', 'S' }, { 'Q', 'Q' }, { 'q', 'Q' },
		{ 'U', 'U' }, { 'u', 'U' }, { 'A', 'a' }, { 'a', 'a' },
		{ 'B', 'b' }, { 'b', 'b' }, { 'C', 'c' }, { 'c', 'c' },
	};
	for (size_t i = 0; i < sizeof(levels) / sizeof(levels[0]); i++) {
		struct init_request r;
		struct initreq_msg m;
		char err[128] = "";

		ck_assert_int_eq(initreq_encode_runlevel(&r, levels[i].sent, 0, NULL), 0);
		ck_assert_int_eq(r.runlevel, levels[i].sent);
		ck_assert_int_eq(r.cmd, INITCMD_RUNLVL);
		ck_assert_int_eq(decode(&r, &m, err), 0);
		ck_assert_int_eq(m.cmd, INITCMD_RUNLVL);
		ck_assert_int_eq(m.level, levels[i].seen);
		ck_assert_int_eq(m.grace, 0);
		ck_assert_str_eq(m.nonce, "");
		ck_assert_uint_eq(m.nvars, 0);
	}
}
END_TEST

START_TEST(test_runlevel_encode_rejects)
{
	static const char bad[] = { 'd', 'D', 'x', 'N', ' ', '\0', '\n', '-', '*' };
	struct init_request r;

	for (size_t i = 0; i < sizeof(bad); i++)
		ck_assert_int_eq(initreq_encode_runlevel(&r, bad[i], 0, NULL), -1);
	ck_assert_int_eq(initreq_encode_runlevel(&r, (char)0xb3, 0, NULL), -1);
}
END_TEST

START_TEST(test_runlevel_decode_rejects)
{
	struct init_request r = raw(INITCMD_RUNLVL, 'z', 0);
	assert_rejected(&r, "bad runlevel 0x7a");
	r.runlevel = 0;
	assert_rejected(&r, "bad runlevel 0x0");
	r.runlevel = 'N';
	assert_rejected(&r, "bad runlevel 0x4e");
	/* The level is a char code in an int: high bytes must not alias. */
	r.runlevel = 0x100 + '3';
	assert_rejected(&r, "bad runlevel 0x133");
	r.runlevel = -1;
	assert_rejected(&r, "bad runlevel 0xffffffff");
}
END_TEST

START_TEST(test_grace)
{
	struct init_request r;
	struct initreq_msg m;
	char err[128];

	ck_assert_int_eq(initreq_encode_runlevel(&r, '2', 7, NULL), 0);
	ck_assert_int_eq(r.sleeptime, 7);
	ck_assert_int_eq(decode(&r, &m, err), 0);
	ck_assert_int_eq(m.grace, 7);

	ck_assert_int_eq(initreq_encode_runlevel(&r, '2', -4, NULL), 0);
	ck_assert_int_eq(r.sleeptime, 3);
	ck_assert_int_eq(decode(&r, &m, err), 0);
	ck_assert_int_eq(m.grace, 3);

	/* -t 0, as sysvinit: KILL at once. */
	r = raw(INITCMD_RUNLVL, '2', 0);
	ck_assert_int_eq(decode(&r, &m, err), 0);
	ck_assert_int_eq(m.grace, 0);

	r = raw(INITCMD_RUNLVL, '2', -5);
	ck_assert_int_eq(decode(&r, &m, err), 0);
	ck_assert_int_eq(m.grace, -1);

	/* Capped at a day, so grace * 1000 never overflows. */
	r = raw(INITCMD_RUNLVL, '2', 0x7fffffff);
	ck_assert_int_eq(decode(&r, &m, err), 0);
	ck_assert_int_eq(m.grace, 86400);
	r.sleeptime = 86400;
	ck_assert_int_eq(decode(&r, &m, err), 0);
	ck_assert_int_eq(m.grace, 86400);
}
END_TEST

START_TEST(test_runlevel_wait_nonce)
{
	struct init_request r;
	struct initreq_msg m;
	char err[128];

	ck_assert_int_eq(initreq_encode_runlevel(&r, '3', 0, "0123abcd_-XYZ"), 0);
	ck_assert_str_eq(r.i.data, INITREQ_WAIT_PREFIX "0123abcd_-XYZ");
	ck_assert_int_eq(decode(&r, &m, err), 0);
	ck_assert_int_eq(m.level, '3');
	ck_assert_str_eq(m.nonce, "0123abcd_-XYZ");

	/* Other senders' non-prefixed data is ignored. */
	r = raw(INITCMD_RUNLVL, '3', 0);
	strcpy(r.i.data, "whatever else");
	ck_assert_int_eq(decode(&r, &m, err), 0);
	ck_assert_str_eq(m.nonce, "");
	memset(r.i.data, 'x', sizeof(r.i.data));
	ck_assert_int_eq(decode(&r, &m, err), 0);
	ck_assert_str_eq(m.nonce, "");
}
END_TEST

START_TEST(test_runlevel_nonce_limits)
{
	struct init_request r;
	struct initreq_msg m;
	char err[128];
	char nonce[INITREQ_NONCE_MAX + 2];

	memset(nonce, 'n', INITREQ_NONCE_MAX);
	nonce[INITREQ_NONCE_MAX] = '\0';
	ck_assert_int_eq(initreq_encode_runlevel(&r, 'S', 0, nonce), 0);
	ck_assert_int_eq(decode(&r, &m, err), 0);
	ck_assert_str_eq(m.nonce, nonce);

	nonce[INITREQ_NONCE_MAX] = 'n';
	nonce[INITREQ_NONCE_MAX + 1] = '\0';
	ck_assert_int_eq(initreq_encode_runlevel(&r, 'S', 0, nonce), -1);
	ck_assert_int_eq(initreq_encode_runlevel(&r, 'S', 0, ""), -1);
	ck_assert_int_eq(initreq_encode_runlevel(&r, 'S', 0, "a b"), -1);
	ck_assert_int_eq(initreq_encode_runlevel(&r, 'S', 0, "a\nb"), -1);
	ck_assert_int_eq(initreq_encode_runlevel(&r, 'S', 0, "a/b"), -1);

	/* The same rejections on the way in. */
	r = raw(INITCMD_RUNLVL, '3', 0);
	strcpy(r.i.data, INITREQ_WAIT_PREFIX);
	assert_rejected(&r, "bad wait nonce in RUNLVL data");
	strcpy(r.i.data, INITREQ_WAIT_PREFIX "has space");
	assert_rejected(&r, "bad wait nonce in RUNLVL data");
	r = raw(INITCMD_RUNLVL, '3', 0);
	strcpy(r.i.data, INITREQ_WAIT_PREFIX);
	memset(r.i.data + strlen(INITREQ_WAIT_PREFIX), 'n', INITREQ_NONCE_MAX + 1);
	assert_rejected(&r, "bad wait nonce in RUNLVL data");
	/* Not NUL-terminated within the data. */
	r = raw(INITCMD_RUNLVL, '3', 0);
	memset(r.i.data, 'n', sizeof(r.i.data));
	memcpy(r.i.data, INITREQ_WAIT_PREFIX, strlen(INITREQ_WAIT_PREFIX));
	assert_rejected(&r, "bad wait nonce in RUNLVL data");
}
END_TEST

/* ---- power, status ----------------------------------------------------- */

START_TEST(test_power)
{
	static const enum initreq_cmd cmds[] = {
		INITCMD_POWERFAIL, INITCMD_POWERFAILNOW, INITCMD_POWEROK,
	};
	for (size_t i = 0; i < 3; i++) {
		struct init_request r;
		struct initreq_msg m;
		char err[128];

		ck_assert_int_eq(initreq_encode_power(&r, cmds[i]), 0);
		ck_assert_int_eq(r.magic, INITREQ_MAGIC);
		ck_assert_int_eq(r.cmd, cmds[i]);
		ck_assert_int_eq(decode(&r, &m, err), 0);
		ck_assert_int_eq(m.cmd, cmds[i]);
		ck_assert_int_eq(m.level, 0);
	}
	struct init_request r;
	ck_assert_int_eq(initreq_encode_power(&r, INITCMD_RUNLVL), -1);
	ck_assert_int_eq(initreq_encode_power(&r, INITCMD_SETENV), -1);
	ck_assert_int_eq(initreq_encode_power(&r, INITCMD_STATUS), -1);
}
END_TEST

START_TEST(test_status)
{
	struct init_request r;
	struct initreq_msg m;
	char err[128];

	ck_assert_int_eq(initreq_encode_status(&r, "deadbeef01234567"), 0);
	ck_assert_int_eq(r.cmd, INITCMD_STATUS);
	ck_assert_str_eq(r.i.data, "deadbeef01234567");
	ck_assert_int_eq(decode(&r, &m, err), 0);
	ck_assert_int_eq(m.cmd, INITCMD_STATUS);
	ck_assert_str_eq(m.nonce, "deadbeef01234567");

	ck_assert_int_eq(initreq_encode_status(&r, NULL), -1);
	ck_assert_int_eq(initreq_encode_status(&r, ""), -1);
	ck_assert_int_eq(initreq_encode_status(&r, "x y"), -1);

	r = raw(INITCMD_STATUS, 0, 0);
	assert_rejected(&r, "bad nonce in STATUS data");
	strcpy(r.i.data, "semi;colon");
	assert_rejected(&r, "bad nonce in STATUS data");
	memset(r.i.data, 'a', sizeof(r.i.data));
	assert_rejected(&r, "bad nonce in STATUS data");
}
END_TEST

/* ---- environment ------------------------------------------------------- */

START_TEST(test_setenv_round_trip)
{
	const char *vars[] = { "INIT_A=1", "INIT_HALT", "INIT_EMPTY=", "INIT_X=a=b c" };
	struct init_request r;
	struct initreq_msg m;
	char err[128];

	ck_assert_int_eq(initreq_encode_setenv(&r, vars, 4), 0);
	ck_assert_int_eq(r.cmd, INITCMD_SETENV);
	ck_assert_int_eq(decode(&r, &m, err), 0);
	ck_assert_int_eq(m.cmd, INITCMD_SETENV);
	ck_assert_uint_eq(m.nvars, 4);
	const char *v = m.vars;
	for (size_t i = 0; i < 4; i++, v += strlen(v) + 1)
		ck_assert_str_eq(v, vars[i]);

	ck_assert_int_eq(initreq_encode_setenv(&r, vars, 0), 0);
	ck_assert_int_eq(decode(&r, &m, err), 0);
	ck_assert_uint_eq(m.nvars, 0);
}
END_TEST

START_TEST(test_setenv_limits)
{
	const char *many[INITREQ_ENV_MAX + 1];
	char names[INITREQ_ENV_MAX + 1][16];
	struct init_request r;
	struct initreq_msg m;
	char err[128];

	for (size_t i = 0; i <= INITREQ_ENV_MAX; i++) {
		snprintf(names[i], sizeof(names[i]), "INIT_V%zu=%zu", i, i);
		many[i] = names[i];
	}
	ck_assert_int_eq(initreq_encode_setenv(&r, many, INITREQ_ENV_MAX), 0);
	ck_assert_int_eq(decode(&r, &m, err), 0);
	ck_assert_uint_eq(m.nvars, INITREQ_ENV_MAX);
	/* More than init keeps: sent and read whole (as sysvinit's telinit
	 * sends them; init's table keeps the first 16). */
	ck_assert_int_eq(initreq_encode_setenv(&r, many, INITREQ_ENV_MAX + 1), 0);
	ck_assert_int_eq(decode(&r, &m, err), 0);
	ck_assert_uint_eq(m.nvars, INITREQ_ENV_MAX + 1);

	/* Exactly filling the data: the last string's NUL is the last byte,
	 * no room for the empty terminator, still valid. */
	char big[INITREQ_DATA_SIZE];
	memset(big, 'v', sizeof(big));
	memcpy(big, "INIT_BIG=", 9);
	big[sizeof(big) - 1] = '\0';
	const char *one[] = { big };
	ck_assert_int_eq(initreq_encode_setenv(&r, one, 1), 0);
	ck_assert_int_eq(r.i.data[INITREQ_DATA_SIZE - 1], '\0');
	ck_assert_int_eq(decode(&r, &m, err), 0);
	ck_assert_uint_eq(m.nvars, 1);
	ck_assert_str_eq(m.vars, big);

	/* One byte more does not fit. */
	char bigger[INITREQ_DATA_SIZE + 1];
	memset(bigger, 'v', sizeof(bigger));
	memcpy(bigger, "INIT_BIG=", 9);
	bigger[sizeof(bigger) - 1] = '\0';
	const char *toobig[] = { bigger };
	ck_assert_int_eq(initreq_encode_setenv(&r, toobig, 1), -1);
}
END_TEST

START_TEST(test_setenv_names)
{
	static const char *const bad[] = {
		"PATH=/tmp", "INIT_", "INIT_=x", "init_x=1", "INITX=1", "",
		"INIT_A B=1", "INIT_A-B=1", "XINIT_A=1",
	};
	struct init_request r;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *one[] = { "INIT_OK=1", bad[i] };
		ck_assert_msg(initreq_encode_setenv(&r, one, 2) == -1, "accepted %s", bad[i]);
	}

	/* As sysvinit: a bad name is skipped, the rest of the request
	 * stands. */
	struct initreq_msg m;
	char err[128];
	r = raw(INITCMD_SETENV, 0, 0);
	memcpy(r.i.data, "INIT_OK=1\0PATH=/evil\0INIT_B=2\0", 30);
	ck_assert_int_eq(decode(&r, &m, err), 0);
	ck_assert_uint_eq(m.nvars, 2);
	ck_assert_str_eq(m.vars, "INIT_OK=1");
	ck_assert_str_eq(m.vars + 10, "INIT_B=2");
	ck_assert_uint_eq(m.nskipped, 1);
	ck_assert_str_eq(m.skipped, "PATH");
	r = raw(INITCMD_UNSETENV, 0, 0);
	memcpy(r.i.data, "LD_PRELOAD\0", 11);
	ck_assert_int_eq(decode(&r, &m, err), 0);
	ck_assert_uint_eq(m.nvars, 0);
	ck_assert_uint_eq(m.nskipped, 1);
	/* Control bytes never reach a log line. */
	r = raw(INITCMD_SETENV, 0, 0);
	memcpy(r.i.data, "BAD\nNAME=1\0", 11);
	ck_assert_int_eq(decode(&r, &m, err), 0);
	ck_assert_str_eq(m.skipped, "BAD?NAME");
	/* More than 16 variables are all passed on (init keeps 16). */
	r = raw(INITCMD_SETENV, 0, 0);
	for (int i = 0; i < 20; i++)
		memcpy(r.i.data + 9 * i, "INIT_X=1", 9);
	ck_assert_int_eq(decode(&r, &m, err), 0);
	ck_assert_uint_eq(m.nvars, 20);
}
END_TEST

START_TEST(test_setenv_unterminated)
{
	struct init_request r = raw(INITCMD_SETENV, 0, 0);

	memset(r.i.data, 'A', sizeof(r.i.data));
	memcpy(r.i.data, "INIT_A=", 7);
	assert_rejected(&r, "SETENV data not NUL-terminated");

	r = raw(INITCMD_SETENV, 0, 0);
	memcpy(r.i.data, "INIT_A=1", 9);
	memset(r.i.data + 9, 'B', sizeof(r.i.data) - 9);
	memcpy(r.i.data + 9, "INIT_B=", 7);
	assert_rejected(&r, "SETENV data not NUL-terminated");
}
END_TEST

START_TEST(test_setenv_stops_at_empty_string)
{
	struct init_request r = raw(INITCMD_SETENV, 0, 0);
	struct initreq_msg m;
	char err[128];

	memcpy(r.i.data, "INIT_A=1\0\0PATH=ignored", 22);
	ck_assert_int_eq(decode(&r, &m, err), 0);
	ck_assert_uint_eq(m.nvars, 1);
	ck_assert_str_eq(m.vars, "INIT_A=1");
}
END_TEST

START_TEST(test_unsetenv)
{
	struct init_request r = raw(INITCMD_UNSETENV, 0, 0);
	struct initreq_msg m;
	char err[128];

	memcpy(r.i.data, "INIT_A\0INIT_B\0", 14);
	ck_assert_int_eq(decode(&r, &m, err), 0);
	ck_assert_int_eq(m.cmd, INITCMD_UNSETENV);
	ck_assert_uint_eq(m.nvars, 2);
	ck_assert_str_eq(m.vars, "INIT_A");
	ck_assert_str_eq(m.vars + 7, "INIT_B");
}
END_TEST

/* ---- framing and header rejections ------------------------------------- */

START_TEST(test_sizes)
{
	unsigned char buf[INITREQ_SIZE * 2];
	struct init_request r;
	struct initreq_msg m;
	char err[128];

	ck_assert_int_eq(initreq_encode_runlevel(&r, '3', 0, NULL), 0);
	memset(buf, 0, sizeof(buf));
	memcpy(buf, &r, sizeof(r));
	ck_assert_int_eq(initreq_decode(buf, 12, &m, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "short request (12 bytes)");
	ck_assert_int_eq(initreq_decode(buf, 0, &m, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "short request (0 bytes)");
	ck_assert_int_eq(initreq_decode(buf, 383, &m, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "short request (383 bytes)");
	ck_assert_int_eq(initreq_decode(buf, 385, &m, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "oversized request (385 bytes)");
	ck_assert_int_eq(initreq_decode(buf, sizeof(buf), &m, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "oversized request (768 bytes)");
	/* Unaligned input decodes: the codec copies before reading. */
	memmove(buf + 1, buf, INITREQ_SIZE);
	ck_assert_int_eq(initreq_decode(buf + 1, INITREQ_SIZE, &m, err, sizeof(err)), 0);
	ck_assert_int_eq(m.level, '3');
}
END_TEST

START_TEST(test_magic)
{
	struct init_request r = raw(INITCMD_RUNLVL, '3', 0);

	r.magic = 0x12345678;
	assert_rejected(&r, "bad magic 0x12345678");
	r.magic = 0;
	assert_rejected(&r, "bad magic 0x00000000");
	r.magic = 0x69190903;   /* the other byte order */
	assert_rejected(&r, "bad magic 0x69190903");
}
END_TEST

START_TEST(test_commands)
{
	struct init_request r = raw(INITCMD_START, '3', 0);
	assert_rejected(&r, "unimplemented command 0 (START)");
	r.cmd = INITCMD_BSD;
	assert_rejected(&r, "unimplemented command 5 (BSD)");
	r.cmd = 42;
	assert_rejected(&r, "unknown command 42");
	r.cmd = 8;
	assert_rejected(&r, "unknown command 8");
	r.cmd = 99;
	assert_rejected(&r, "unknown command 99");
	r.cmd = -1;
	assert_rejected(&r, "unknown command -1");
}
END_TEST

/* A refusal says which of sysvinit's three words it is. */
START_TEST(test_fault_kinds)
{
	struct initreq_msg m;
	char err[128];
	struct init_request r = raw(INITCMD_RUNLVL, 'z', 0);

	ck_assert_int_eq(decode(&r, &m, err), -1);
	ck_assert_int_eq(m.fault, INITREQ_BAD_RUNLEVEL);
	r = raw(INITCMD_BSD, 0, 0);
	ck_assert_int_eq(decode(&r, &m, err), -1);
	ck_assert_int_eq(m.fault, INITREQ_UNIMPLEMENTED);
	r = raw(42, 0, 0);
	ck_assert_int_eq(decode(&r, &m, err), -1);
	ck_assert_int_eq(m.fault, INITREQ_UNIMPLEMENTED);
	r = raw(INITCMD_RUNLVL, '3', 0);
	r.magic = 0x12345678;
	ck_assert_int_eq(decode(&r, &m, err), -1);
	ck_assert_int_eq(m.fault, INITREQ_BOGUS);
}
END_TEST

/* A rejected request leaves nothing a careless caller could act on, and a
 * tiny or absent error buffer is safe. */
START_TEST(test_reject_clears_output)
{
	struct init_request r = raw(INITCMD_SETENV, 0, 0);
	struct initreq_msg m;
	char err[8];

	memset(r.i.data, 'A', sizeof(r.i.data));
	memcpy(r.i.data, "INIT_A=1", 9);
	ck_assert_int_eq(initreq_decode(&r, sizeof(r), &m, err, sizeof(err)), -1);
	ck_assert_uint_eq(m.nvars, 0);
	ck_assert_int_eq(m.vars[0], '\0');
	ck_assert_str_eq(err, "SETENV ");
	ck_assert_int_eq(initreq_decode(&r, sizeof(r), &m, NULL, 0), -1);
	r = raw(INITCMD_RUNLVL, '3', 0);
	strcpy(r.i.data, INITREQ_WAIT_PREFIX "bad nonce");
	ck_assert_int_eq(initreq_decode(&r, sizeof(r), &m, NULL, 0), -1);
	ck_assert_int_eq(m.level, 0);
	ck_assert_str_eq(m.nonce, "");
}
END_TEST

/* Every byte pattern of a request either decodes or is rejected with a
 * reason; a cheap deterministic sweep over one-byte corruptions. */
START_TEST(test_corruption_sweep)
{
	struct init_request good;
	const char *vars[] = { "INIT_A=1", "INIT_B" };

	ck_assert_int_eq(initreq_encode_setenv(&good, vars, 2), 0);
	for (size_t pos = 0; pos < INITREQ_SIZE; pos++) {
		for (unsigned v = 0; v < 256; v += 17) {
			unsigned char buf[INITREQ_SIZE];
			struct initreq_msg m;
			char err[128] = "";

			memcpy(buf, &good, sizeof(buf));
			buf[pos] = (unsigned char)v;
			int rc = initreq_decode(buf, sizeof(buf), &m, err, sizeof(err));
			if (rc == 0) {
				ck_assert_uint_le(m.nvars, INITREQ_DATA_SIZE / 2);
				ck_assert_uint_le(strlen(m.nonce), INITREQ_NONCE_MAX);
			} else {
				ck_assert_int_eq(rc, -1);
				ck_assert_uint_gt(strlen(err), 0);
				ck_assert_ptr_null(strchr(err, '\n'));
			}
		}
	}
}
END_TEST

static Suite *initreq_suite(void)
{
	Suite *s = suite_create("initreq");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_layout);
	tcase_add_test(tc, test_constants);
	tcase_add_test(tc, test_wire_bytes);
	tcase_add_test(tc, test_runlevel_every_level);
	tcase_add_test(tc, test_runlevel_encode_rejects);
	tcase_add_test(tc, test_runlevel_decode_rejects);
	tcase_add_test(tc, test_grace);
	tcase_add_test(tc, test_runlevel_wait_nonce);
	tcase_add_test(tc, test_runlevel_nonce_limits);
	tcase_add_test(tc, test_power);
	tcase_add_test(tc, test_status);
	tcase_add_test(tc, test_setenv_round_trip);
	tcase_add_test(tc, test_setenv_limits);
	tcase_add_test(tc, test_setenv_names);
	tcase_add_test(tc, test_setenv_unterminated);
	tcase_add_test(tc, test_setenv_stops_at_empty_string);
	tcase_add_test(tc, test_unsetenv);
	tcase_add_test(tc, test_sizes);
	tcase_add_test(tc, test_magic);
	tcase_add_test(tc, test_commands);
	tcase_add_test(tc, test_fault_kinds);
	tcase_add_test(tc, test_reject_clears_output);
	tcase_add_test(tc, test_corruption_sweep);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(initreq_suite());
}
