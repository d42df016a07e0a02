/* Unit tests of telinit's command line and answer parsing (cmdline.c). */
#include "cmdline.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>
#include "run_suite.h"

#define MAXARGS 40

/* Parse a NULL-terminated list of arguments (after "telinit"). */
static int parse_v(struct telinit_cmd *cmd, char *err, const char *const *args)
{
	char *argv[MAXARGS + 2];
	int argc = 0;

	argv[argc++] = (char *)"telinit";
	for (; *args && argc <= MAXARGS; args++)
		argv[argc++] = (char *)*args;
	argv[argc] = NULL;
	err[0] = '\0';
	return telinit_parse(argc, argv, cmd, err, 256);
}

#define PARSE(cmd, err, ...) parse_v((cmd), (err), (const char *const[]){ __VA_ARGS__, NULL })

static void assert_usage_error(const char *expect, const char *const *args)
{
	struct telinit_cmd cmd;
	char err[256];

	ck_assert_int_eq(parse_v(&cmd, err, args), -1);
	ck_assert_str_eq(err, expect);
}

#define BAD(expect, ...) assert_usage_error((expect), (const char *const[]){ __VA_ARGS__, NULL })

START_TEST(test_every_level)
{
	static const char levels[] = "0123456789SsQqUuAaBbCc";

	for (size_t i = 0; levels[i]; i++) {
		struct telinit_cmd cmd;
		char err[256], arg[2] = { levels[i], '\0' };

		ck_assert_int_eq(PARSE(&cmd, err, arg), 0);
		ck_assert_int_eq(cmd.action, TELINIT_RUNLEVEL);
		ck_assert_int_eq(cmd.level, levels[i]);
		ck_assert_int_eq(cmd.sleeptime, TELINIT_SLEEPTIME_DEFAULT);
		ck_assert(!cmd.wait);
	}
}
END_TEST

START_TEST(test_bad_levels)
{
	BAD("unknown runlevel 'x' (expected one of 0-9 S Q U A B C, or status)", "x");
	BAD("unknown runlevel '33' (expected one of 0-9 S Q U A B C, or status)", "33");
	BAD("unknown runlevel 'D' (expected one of 0-9 S Q U A B C, or status)", "D");
	BAD("unknown runlevel '' (expected one of 0-9 S Q U A B C, or status)", "");
	BAD("unknown runlevel '-' (expected one of 0-9 S Q U A B C, or status)", "-");
	BAD("no runlevel given", "-t", "5");
	BAD("unexpected argument '4' after '3'", "3", "4");
	BAD("unexpected argument '4' after '3'", "3", "--", "4");
}
END_TEST

START_TEST(test_sleeptime)
{
	struct telinit_cmd cmd;
	char err[256];

	ck_assert_int_eq(PARSE(&cmd, err, "-t", "10", "2"), 0);
	ck_assert_int_eq(cmd.sleeptime, 10);
	ck_assert_int_eq(cmd.level, '2');
	ck_assert_int_eq(PARSE(&cmd, err, "-t7", "S"), 0);
	ck_assert_int_eq(cmd.sleeptime, 7);
	/* GNU-style: options after the operand. */
	ck_assert_int_eq(PARSE(&cmd, err, "q", "-t", "0"), 0);
	ck_assert_int_eq(cmd.sleeptime, 0);
	ck_assert_int_eq(cmd.level, 'q');

	BAD("-t abc: expected a number of seconds from 0 to 86400", "-t", "abc", "3");
	BAD("-t -1: expected a number of seconds from 0 to 86400", "-t", "-1", "3");
	BAD("-t 86401: expected a number of seconds from 0 to 86400", "-t", "86401", "3");
	BAD("option -t needs a value", "3", "-t");
	BAD("-t applies to a runlevel change only", "-t", "3", "status");
}
END_TEST

START_TEST(test_wait)
{
	struct telinit_cmd cmd;
	char err[256];

	ck_assert_int_eq(PARSE(&cmd, err, "-W", "3"), 0);
	ck_assert(cmd.wait);
	ck_assert_int_eq(cmd.level, '3');
	ck_assert_int_eq(cmd.timeout_s, TELINIT_WAIT_TIMEOUT_S);
	ck_assert_int_eq(PARSE(&cmd, err, "-WT", "9", "-t1", "Q"), 0);
	ck_assert(cmd.wait);
	ck_assert_int_eq(cmd.timeout_s, 9);
	ck_assert_int_eq(cmd.sleeptime, 1);
	ck_assert_int_eq(cmd.level, 'Q');
	ck_assert_int_eq(PARSE(&cmd, err, "a", "-W"), 0);
	ck_assert(cmd.wait);

	/* U waits for init's answer (when init gives one), -T bounding it. */
	ck_assert_int_eq(PARSE(&cmd, err, "u"), 0);
	ck_assert_int_eq(cmd.timeout_s, TELINIT_REEXEC_TIMEOUT_S);
	ck_assert_int_eq(PARSE(&cmd, err, "-T", "7", "U"), 0);
	ck_assert(!cmd.wait);
	ck_assert_int_eq(cmd.timeout_s, 7);

	BAD("-W cannot wait for U: init re-executes itself", "-W", "U");
	BAD("-W cannot wait for U: init re-executes itself", "-W", "u");
	BAD("-W applies to a runlevel change only", "-W", "status");
	BAD("-W applies to a runlevel change only", "-W", "powerok");
	BAD("-W waits for a runlevel change, not for -e", "-W", "-e", "INIT_A=1");
	BAD("-T applies to status, -W and U only", "-T", "5", "3");
	BAD("-T 0: expected a number of seconds from 1 to 86400", "-W", "-T", "0", "3");
}
END_TEST

START_TEST(test_status_and_power)
{
	struct telinit_cmd cmd;
	char err[256];

	ck_assert_int_eq(PARSE(&cmd, err, "status"), 0);
	ck_assert_int_eq(cmd.action, TELINIT_STATUS);
	ck_assert_int_eq(cmd.timeout_s, TELINIT_STATUS_TIMEOUT_S);
	ck_assert_int_eq(PARSE(&cmd, err, "-T", "2", "status"), 0);
	ck_assert_int_eq(cmd.timeout_s, 2);

	ck_assert_int_eq(PARSE(&cmd, err, "powerfail"), 0);
	ck_assert_int_eq(cmd.action, TELINIT_POWER);
	ck_assert_int_eq(cmd.power, INITCMD_POWERFAIL);
	ck_assert_int_eq(PARSE(&cmd, err, "powerfailnow"), 0);
	ck_assert_int_eq(cmd.power, INITCMD_POWERFAILNOW);
	ck_assert_int_eq(PARSE(&cmd, err, "powerok"), 0);
	ck_assert_int_eq(cmd.power, INITCMD_POWEROK);
}
END_TEST

START_TEST(test_setenv)
{
	struct telinit_cmd cmd;
	char err[256];

	ck_assert_int_eq(PARSE(&cmd, err, "-e", "INIT_A=1", "-eINIT_B", "-e", "INIT_C=x y=z"), 0);
	ck_assert_int_eq(cmd.action, TELINIT_SETENV);
	ck_assert_uint_eq(cmd.nvars, 3);
	ck_assert_str_eq(cmd.vars[0], "INIT_A=1");
	ck_assert_str_eq(cmd.vars[1], "INIT_B");
	ck_assert_str_eq(cmd.vars[2], "INIT_C=x y=z");

	BAD("-e takes no runlevel: it only sets variables", "-e", "INIT_A=1", "3");
	BAD("option -e needs a value", "-e");

	/* As sysvinit: a name that is not INIT_ is left out (init would
	 * skip it), the rest is sent; any number that fits is sent (init
	 * keeps the first 16). */
	ck_assert_int_eq(PARSE(&cmd, err, "-e", "PATH=/x", "-e", "INIT_A=1", "-e", "INIT_A.B=1",
			       "-e", "INIT_=1"), 0);
	ck_assert_int_eq(cmd.action, TELINIT_SETENV);
	ck_assert_uint_eq(cmd.nvars, 1);
	ck_assert_str_eq(cmd.vars[0], "INIT_A=1");
	ck_assert_uint_eq(cmd.nignored, 3);
	ck_assert_str_eq(cmd.ignored[0], "PATH=/x");
	ck_assert_str_eq(cmd.ignored[2], "INIT_=1");

	const char *many[2 * (INITREQ_ENV_MAX + 4) + 1];
	for (int i = 0; i < INITREQ_ENV_MAX + 4; i++) {
		many[2 * i] = "-e";
		many[2 * i + 1] = "INIT_X=1";
	}
	many[2 * (INITREQ_ENV_MAX + 4)] = NULL;
	ck_assert_int_eq(parse_v(&cmd, err, many), 0);
	ck_assert_uint_eq(cmd.nvars, INITREQ_ENV_MAX + 4);

	/* 368 bytes of data at most, NULs included. */
	char big[INITREQ_DATA_SIZE + 1];
	memset(big, 'v', sizeof(big));
	memcpy(big, "INIT_BIG=", 9);
	big[INITREQ_DATA_SIZE - 1] = '\0';
	ck_assert_int_eq(PARSE(&cmd, err, "-e", big), 0);
	ck_assert_int_eq(PARSE(&cmd, err, "-e", big, "-e", "INIT_A") , -1);
	ck_assert_str_eq(err, "-e: the variables do not fit in a request (368 bytes)");
	big[INITREQ_DATA_SIZE - 1] = 'v';
	big[INITREQ_DATA_SIZE] = '\0';
	ck_assert_int_eq(PARSE(&cmd, err, "-e", big), -1);
}
END_TEST

START_TEST(test_options)
{
	struct telinit_cmd cmd;
	char err[256];

	ck_assert_int_eq(PARSE(&cmd, err, "--help"), 0);
	ck_assert_int_eq(cmd.action, TELINIT_HELP);
	ck_assert_int_eq(PARSE(&cmd, err, "-h"), 0);
	ck_assert_int_eq(cmd.action, TELINIT_HELP);
	ck_assert_int_eq(PARSE(&cmd, err, "--version"), 0);
	ck_assert_int_eq(cmd.action, TELINIT_VERSION);
	BAD("unknown option '-x'", "-x", "3");
	BAD("unknown option '-x'", "-Wx", "3");
	BAD("unknown option '--wait'", "--wait", "3");
	/* After "--", a dash is an operand. */
	BAD("unknown runlevel '-t' (expected one of 0-9 S Q U A B C, or status)", "--", "-t");
}
END_TEST

static Suite *telinit_suite(void)
{
	Suite *s = suite_create("telinit");
	TCase *tc = tcase_create("cmdline");

	tcase_add_test(tc, test_every_level);
	tcase_add_test(tc, test_bad_levels);
	tcase_add_test(tc, test_sleeptime);
	tcase_add_test(tc, test_wait);
	tcase_add_test(tc, test_status_and_power);
	tcase_add_test(tc, test_setenv);
	tcase_add_test(tc, test_options);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(telinit_suite());
}
