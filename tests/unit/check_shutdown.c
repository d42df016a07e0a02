/* Unit tests of shutdown's and halt's pure parts: the time argument
 * (when.c), shutdown's options (options.c), the warning schedule and
 * texts (warn.c), shutdown.allow (allow.c), halt's options (haltopts.c). */
#include "allow.h"
#include "haltopts.h"
#include "options.h"
#include "warn.h"
#include "when.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "run_suite.h"

#define MAXARGS 40

/* argv as the program called name with args (NULL-ended, at most
 * MAXARGS taken) sees it; returns argc. */
static int argv_of(char *argv[MAXARGS + 2], const char *name, const char *const *args)
{
	int argc = 0;

	argv[argc++] = (char *)name;
	for (; *args && argc <= MAXARGS; args++)
		argv[argc++] = (char *)*args;
	argv[argc] = NULL;
	return argc;
}

static int sd_v(struct sd_opts *o, char *err, const char *const *args)
{
	char *argv[MAXARGS + 2];
	int argc = argv_of(argv, "shutdown", args);

	return sd_parse(argc, argv, o, err, 256);
}
#define SD(o, err, ...) sd_v((o), (err), (const char *const[]){ __VA_ARGS__, NULL })

static int halt_v(const char *name, struct halt_opts *o, char *err, const char *const *args)
{
	char *argv[MAXARGS + 2];
	int argc = argv_of(argv, name, args);

	return halt_parse(argc, argv, o, err, 256);
}
#define HALT(name, o, err, ...) halt_v((name), (o), (err), (const char *const[]){ __VA_ARGS__, NULL })

/* ---- when ------------------------------------------------------------ */

START_TEST(test_when_forms)
{
	static const struct {
		const char *text;
		int hour, min;  /* the clock it is read at */
		int minutes;    /* from then */
	} forms[] = {
		{ "now", 12, 0, 0 },
		{ "0", 12, 0, 0 },
		{ "5", 12, 0, 5 },
		{ "+17", 12, 0, 17 },
		{ "+1:30", 12, 0, 90 },
		{ "+0:01", 12, 0, 1 },
		{ "14:05", 12, 0, 125 },        /* wall clock: later today */
		{ "12:00", 12, 0, 0 },          /* the current minute is now */
		{ "11:59", 12, 0, 1439 },       /* passed: tomorrow */
		{ "0:5", 23, 58, 7 },
	};

	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		int m = -1;

		ck_assert_msg(when_parse(forms[i].text, forms[i].hour, forms[i].min, &m) == 0,
			      "refused '%s'", forms[i].text);
		ck_assert_msg(m == forms[i].minutes, "'%s' at %d:%02d: %d minutes, not %d",
			      forms[i].text, forms[i].hour, forms[i].min, m, forms[i].minutes);
	}
}
END_TEST

START_TEST(test_when_rejects)
{
	static const char *const bad[] = {
		"", "+", "soon", "+now", "5m", "-5", "1:", ":30", "24:00", "12:60",
		"12:345", "1:2:3", "+100000:00", "99999999999", "12.30", " 5",
	};
	int m = 42;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_msg(when_parse(bad[i], 12, 0, &m) == -1, "accepted '%s'", bad[i]);
		ck_assert_int_eq(m, 42);
	}
}
END_TEST

START_TEST(test_when_target)
{
	/* relative: whole minutes from now, whatever the second */
	ck_assert_int_eq(when_target("+2", 2, 1000, 40), 1120);
	ck_assert_int_eq(when_target("2", 2, 1000, 40), 1120);
	ck_assert_int_eq(when_target("+0:02", 2, 1000, 40), 1120);
	ck_assert_int_eq(when_target("now", 0, 1000, 40), 1000);
	/* a time of day: the start of its minute */
	ck_assert_int_eq(when_target("12:02", 2, 1000, 40), 1080);
	/* this very minute: now */
	ck_assert_int_eq(when_target("12:00", 0, 1000, 40), 1000);
}
END_TEST

/* ---- shutdown's options ------------------------------------------------ */

START_TEST(test_sd_defaults_and_message)
{
	struct sd_opts o;
	char err[256];

	ck_assert_int_eq(SD(&o, err, "+5", "going", "down"), 0);
	ck_assert_int_eq(o.level, '1');
	ck_assert_ptr_null(o.halttype);
	ck_assert_str_eq(o.when, "+5");
	ck_assert_str_eq(o.message, "going down \r\n");
	ck_assert_int_eq(o.sleeptime, -1);
	ck_assert_int_eq(o.quiet, SD_QUIET_NONE);
	ck_assert(!o.cancel && !o.warn_only && !o.fastboot && !o.forcefsck && !o.doself && !o.use_allow);

	ck_assert_int_eq(SD(&o, err, "now"), 0);
	ck_assert_str_eq(o.message, "");
}
END_TEST

START_TEST(test_sd_every_option)
{
	struct sd_opts o;
	char err[256];

	ck_assert_int_eq(SD(&o, err, "-akfFqy", "-t", "7", "-h", "-P", "now"), 0);
	ck_assert(o.use_allow && o.warn_only && o.fastboot && o.forcefsck);
	ck_assert_int_eq(o.quiet, SD_QUIET_SOME);
	ck_assert_int_eq(o.sleeptime, 7);
	ck_assert_int_eq(o.level, '0');
	ck_assert_str_eq(o.halttype, "POWEROFF");

	ck_assert_int_eq(SD(&o, err, "-hH", "-Q", "-t3", "now"), 0);
	ck_assert_str_eq(o.halttype, "HALT");
	ck_assert_int_eq(o.quiet, SD_QUIET_ALL);
	ck_assert_int_eq(o.sleeptime, 3);

	ck_assert_int_eq(SD(&o, err, "-r", "-n", "now"), 0);
	ck_assert_int_eq(o.level, '6');
	ck_assert(o.doself);

	ck_assert_int_eq(SD(&o, err, "-i", "5", "now"), 0);
	ck_assert_int_eq(o.level, '5');
	ck_assert_int_eq(SD(&o, err, "-is", "now"), 0);
	ck_assert_int_eq(o.level, 's');
	/* the last of -r, -h, -i wins */
	ck_assert_int_eq(SD(&o, err, "-h", "-r", "now"), 0);
	ck_assert_int_eq(o.level, '6');
}
END_TEST

START_TEST(test_sd_time_by_g_and_order)
{
	struct sd_opts o;
	char err[256];

	/* -g gives the time: every operand is the message */
	ck_assert_int_eq(SD(&o, err, "-g", "10:00", "the", "message"), 0);
	ck_assert_str_eq(o.when, "10:00");
	ck_assert_str_eq(o.message, "the message \r\n");
	/* options after the operands, as GNU getopt permits */
	ck_assert_int_eq(SD(&o, err, "now", "-r"), 0);
	ck_assert_int_eq(o.level, '6');
	ck_assert_str_eq(o.when, "now");
	/* after "--" nothing is an option */
	ck_assert_int_eq(SD(&o, err, "-r", "--", "+1", "-h", "bye"), 0);
	ck_assert_int_eq(o.level, '6');
	ck_assert_str_eq(o.message, "-h bye \r\n");
}
END_TEST

START_TEST(test_sd_cancel)
{
	struct sd_opts o;
	char err[256];

	ck_assert_int_eq(SD(&o, err, "-c"), 0);
	ck_assert(o.cancel);
	ck_assert_ptr_null(o.when);
	ck_assert_str_eq(o.message, "");
	/* with -c every word is the message */
	ck_assert_int_eq(SD(&o, err, "-c", "never", "mind"), 0);
	ck_assert_str_eq(o.message, "never mind \r\n");
}
END_TEST

START_TEST(test_sd_errors)
{
	struct sd_opts o;
	char err[256];

	ck_assert_int_eq(SD(&o, err, "-r"), -1);            /* no time */
	ck_assert_str_eq(err, "");
	ck_assert_int_eq(SD(&o, err, "-x", "now"), -1);
	ck_assert_str_eq(err, "");
	ck_assert_int_eq(SD(&o, err, "-P", "now"), -1);
	ck_assert_str_eq(err, "-H and -P flags can only be used along with -h flag.");
	ck_assert_int_eq(SD(&o, err, "-H", "-r", "now"), -1);
	ck_assert_int_eq(SD(&o, err, "-i", "2", "now"), -1);
	ck_assert_str_eq(err, "`2': bad runlevel");
	ck_assert_int_eq(SD(&o, err, "-i", "00", "now"), -1);
	ck_assert_int_eq(SD(&o, err, "-t", "x", "now"), -1);
	ck_assert_str_eq(err, "`x': bad number of seconds");
	ck_assert_int_eq(SD(&o, err, "now", "-t"), -1);
	ck_assert_str_eq(err, "option -t needs an argument");
	ck_assert_int_eq(SD(&o, err, "-n", "now"), -1);     /* level 1 */
	ck_assert_str_eq(err, "can use \"-n\" for halt or reboot only.");
}
END_TEST

START_TEST(test_sd_message_limit)
{
	struct sd_opts o;
	char err[256];
	char w100[101];

	memset(w100, 'a', 100);
	w100[100] = '\0';
	/* 101 + 101 fit; a third 100 would pass 256 with the CR LF: left
	 * out, and so is everything after it, as sysvinit does */
	ck_assert_int_eq(SD(&o, err, "now", w100, w100, w100, "x"), 0);
	ck_assert_uint_eq(strlen(o.message), 202 + 2);
	ck_assert_int_eq(o.message[100], ' ');
	ck_assert_int_eq(o.message[201], ' ');
	ck_assert_str_eq(o.message + 202, "\r\n");
	ck_assert(strlen(o.message) <= SD_MESSAGE_MAX);
}
END_TEST

START_TEST(test_sd_newstate)
{
	char b[64];

	sd_newstate('0', b, sizeof(b));
	ck_assert_str_eq(b, "for system halt");
	sd_newstate('6', b, sizeof(b));
	ck_assert_str_eq(b, "for reboot");
	sd_newstate('1', b, sizeof(b));
	ck_assert_str_eq(b, "to maintenance mode");
	sd_newstate('5', b, sizeof(b));
	ck_assert_str_eq(b, "to runlevel 5");
}
END_TEST

/* ---- the warnings -------------------------------------------------------- */

START_TEST(test_warn_schedule)
{
	static const int every[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 15, 30, 45, 60, 90, 120, 150, 180, 240, 300 };
	static const int never[] = { 10, 11, 14, 16, 59, 61, 75, 100, 179, 181, 210, 270 };

	for (size_t i = 0; i < sizeof(every) / sizeof(every[0]); i++)
		ck_assert_msg(warn_scheduled(every[i], SD_QUIET_NONE), "no warning at %d", every[i]);
	for (size_t i = 0; i < sizeof(never) / sizeof(never[0]); i++)
		ck_assert_msg(!warn_scheduled(never[i], SD_QUIET_NONE), "warning at %d", never[i]);
	/* -q */
	ck_assert(warn_scheduled(10, SD_QUIET_SOME));
	ck_assert(warn_scheduled(5, SD_QUIET_SOME));
	ck_assert(warn_scheduled(60, SD_QUIET_SOME));
	ck_assert(warn_scheduled(120, SD_QUIET_SOME));
	ck_assert(!warn_scheduled(1, SD_QUIET_SOME));
	ck_assert(!warn_scheduled(9, SD_QUIET_SOME));
	ck_assert(!warn_scheduled(15, SD_QUIET_SOME));
	ck_assert(!warn_scheduled(90, SD_QUIET_SOME));
	/* -Q */
	for (int wt = 1; wt < 400; wt++)
		ck_assert(!warn_scheduled(wt, SD_QUIET_ALL));
}
END_TEST

START_TEST(test_warn_at_start)
{
	ck_assert(warn_at_start(10, SD_QUIET_NONE));   /* off the schedule */
	ck_assert(warn_at_start(14, SD_QUIET_NONE));
	ck_assert(!warn_at_start(9, SD_QUIET_NONE));   /* the loop warns */
	ck_assert(!warn_at_start(15, SD_QUIET_NONE));
	ck_assert(!warn_at_start(30, SD_QUIET_NONE));
	/* as sysvinit 3.06: -q and -Q still warn once when under 15 */
	ck_assert(warn_at_start(3, SD_QUIET_SOME));
	ck_assert(!warn_at_start(5, SD_QUIET_SOME));
	ck_assert(warn_at_start(3, SD_QUIET_ALL));
	ck_assert(!warn_at_start(20, SD_QUIET_ALL));
}
END_TEST

START_TEST(test_warn_next)
{
	struct warn_step s;

	s = warn_next(1000, 1000);
	ck_assert_int_eq(s.wt, 0);
	ck_assert_int_eq(s.sleep_s, 0);
	s = warn_next(1000, 1200);                      /* overslept */
	ck_assert_int_eq(s.wt, 0);
	s = warn_next(1000, 1000 - 120);                /* +2 at its start */
	ck_assert_int_eq(s.wt, 2);
	ck_assert_int_eq(s.sleep_s, 60);
	s = warn_next(1000, 1000 - 60);                 /* a minute later */
	ck_assert_int_eq(s.wt, 1);
	ck_assert_int_eq(s.sleep_s, 60);
	s = warn_next(1000, 1000 - 59);                 /* woke a second late */
	ck_assert_int_eq(s.wt, 1);
	ck_assert_int_eq(s.sleep_s, 59);
	s = warn_next(1000, 1000 - 1);
	ck_assert_int_eq(s.wt, 1);
	ck_assert_int_eq(s.sleep_s, 1);
	s = warn_next(1000, 1000 - 121);                /* hh:mm, mid-minute */
	ck_assert_int_eq(s.wt, 3);
	ck_assert_int_eq(s.sleep_s, 1);
	s = warn_next(100000, 100000 - 3 * 3600);       /* a suspend: recomputed */
	ck_assert_int_eq(s.wt, 180);
}
END_TEST

START_TEST(test_warn_texts)
{
	char b[512];

	warn_text(b, sizeof(b), "bye \r\n", "for reboot", 5);
	ck_assert_str_eq(b, "bye \r\n\rThe system is going DOWN for reboot in 5 minutes!\r\n");
	warn_text(b, sizeof(b), "", "for system halt", 1);
	ck_assert_str_eq(b, "\rThe system is going DOWN for system halt in 1 minute!\r\n");
	warn_text(b, sizeof(b), "", "to maintenance mode", 0);
	ck_assert_str_eq(b, "\rThe system is going down to maintenance mode NOW!\r\n");

	warn_banner(b, sizeof(b), "root", "box", "pts/3", "Mon Dec  7 21:45:00 2026");
	ck_assert_str_eq(b, "\r\nBroadcast message from root@box (pts/3) (Mon Dec  7 21:45:00 2026):\r\n\r\n");
	warn_banner(b, sizeof(b), "uid 5", "box", NULL, "D");
	ck_assert_str_eq(b, "\r\nBroadcast message from uid 5@box (D):\r\n\r\n");

	warn_nologin(b, sizeof(b), "Mon Dec  7 21:50:00 2026\n", "bye \r\n");
	ck_assert_str_eq(b, "\rThe system is going down on Mon Dec  7 21:50:00 2026\n\r\nbye \r\n");

	warn_escape(b, sizeof(b), "a\tb\r\n\x1b[2J\x7f\xe9\x85");
	ck_assert_str_eq(b, "a\tb\r\n^[[2J\x7f\xe9^E");
	warn_escape(b, 4, "abcdef");
	ck_assert_str_eq(b, "abc");
}
END_TEST

/* ---- shutdown.allow ---------------------------------------------------- */

START_TEST(test_allow)
{
	static const char text[] = "# who may\nalice\n\n#bob\ncarol\nlast-no-newline";
	struct allow_list l;

	allow_parse(text, strlen(text), &l);
	ck_assert_uint_eq(l.n, 3);
	ck_assert_str_eq(l.names[0], "alice");
	ck_assert_str_eq(l.names[1], "carol");
	ck_assert_str_eq(l.names[2], "last-no-newline");
	ck_assert(allow_user_ok(&l, "alice"));
	ck_assert(allow_user_ok(&l, "root"));
	ck_assert(!allow_user_ok(&l, "bob"));
	ck_assert(!allow_user_ok(&l, "alic"));
	ck_assert(!allow_user_ok(&l, "alicex"));

	allow_parse("", 0, &l);
	ck_assert_uint_eq(l.n, 0);
	ck_assert(allow_user_ok(&l, "root"));
	ck_assert(!allow_user_ok(&l, "alice"));

	ck_assert(allow_is_console(4, 1));
	ck_assert(allow_is_console(4, 63));
	ck_assert(!allow_is_console(4, 64));   /* ttyS0 */
	ck_assert(!allow_is_console(136, 0));  /* pts/0 */
}
END_TEST

START_TEST(test_allow_limit)
{
	char text[40 * 8];
	size_t n = 0;
	struct allow_list l;

	for (int i = 0; i < 40; i++)
		n += (size_t)snprintf(text + n, sizeof(text) - n, "u%d\n", i);
	allow_parse(text, n, &l);
	ck_assert_uint_eq(l.n, ALLOW_MAX);
	ck_assert(allow_user_ok(&l, "u31"));
	ck_assert(!allow_user_ok(&l, "u32"));
}
END_TEST

/* ---- halt, reboot, poweroff ---------------------------------------------- */

START_TEST(test_halt_names_and_flags)
{
	struct halt_opts o;
	char err[256];

	ck_assert_int_eq(HALT("/sbin/halt", &o, err, "-d", "-f", "-i", "-p", "-h"), 0);
	ck_assert_int_eq(o.cmd, HALT_CMD_HALT);
	ck_assert(o.no_wtmp && o.force && o.ifdown && o.poweroff && o.hddown);
	ck_assert(!o.no_sync && !o.wtmp_only && !o.kexec);
	ck_assert_int_eq(HALT("reboot", &o, err, "-dfi"), 0);
	ck_assert_int_eq(o.cmd, HALT_CMD_REBOOT);
	ck_assert(o.no_wtmp && o.force && o.ifdown);
	ck_assert_int_eq(HALT("poweroff", &o, err, "-n", "-w", "-t", "9"), 0);
	ck_assert_int_eq(o.cmd, HALT_CMD_POWEROFF);
	ck_assert(o.no_sync && o.wtmp_only);
	ck_assert_int_eq(o.sleeptime, 9);
	ck_assert_int_eq(HALT("reboot", &o, err, "-fk"), 0);
	ck_assert(o.kexec);
	ck_assert_int_eq(HALT("reboot", &o, err, "-f", "-m", "0 tryboot"), 0);
	ck_assert_str_eq(o.restart2, "0 tryboot");
	ck_assert_int_eq(HALT("reboot", &o, err, "-fmrecovery"), 0);
	ck_assert_str_eq(o.restart2, "recovery");
	ck_assert_int_eq(HALT("halt", &o, err, "--"), 0);
}
END_TEST

START_TEST(test_halt_errors)
{
	struct halt_opts o;
	char err[256];

	ck_assert_int_eq(HALT("halt", &o, err, "-x"), -1);
	ck_assert_str_eq(err, "");
	ck_assert_int_eq(HALT("halt", &o, err, "now"), -1);
	ck_assert_int_eq(HALT("halt", &o, err, "-k"), -1);
	ck_assert_str_eq(err, "-k is for reboot only");
	ck_assert_int_eq(HALT("poweroff", &o, err, "-m", "x"), -1);
	ck_assert_str_eq(err, "-m is for reboot only");
	ck_assert_int_eq(HALT("reboot", &o, err, "-m"), -1);
	ck_assert_str_eq(err, "option -m needs an argument");
	ck_assert_int_eq(HALT("reboot", &o, err, "-k", "-m", "x"), -1);
	ck_assert_int_eq(HALT("reboot", &o, err, "-t", "-1"), -1);
}
END_TEST

START_TEST(test_halt_powers_off)
{
	struct halt_opts o;
	char err[256];

	ck_assert_int_eq(HALT("halt", &o, err, "-f"), 0);
	ck_assert(!halt_powers_off(&o, NULL, NULL));          /* halt halts */
	ck_assert(halt_powers_off(&o, NULL, "poweroff"));
	ck_assert(!halt_powers_off(&o, NULL, "halt"));
	ck_assert(halt_powers_off(&o, "POWEROFF", "halt"));   /* shutdown -P */
	ck_assert(halt_powers_off(&o, "POWERDOWN", NULL));
	ck_assert(!halt_powers_off(&o, "HALT", "poweroff"));  /* shutdown -H */
	ck_assert(halt_powers_off(&o, "", "Poweroff"));       /* empty: unset */
	ck_assert_int_eq(HALT("halt", &o, err, "-p"), 0);
	ck_assert(halt_powers_off(&o, "HALT", NULL));
	ck_assert_int_eq(HALT("poweroff", &o, err, "-f"), 0);
	ck_assert(halt_powers_off(&o, "HALT", "halt"));
}
END_TEST

START_TEST(test_halt_default_file)
{
	char v[32];

	ck_assert(halt_default_value("# Default behaviour\nHALT=poweroff\n", v, sizeof(v)));
	ck_assert_str_eq(v, "poweroff");
	ck_assert(halt_default_value("HALT=\"halt\" # comment\n", v, sizeof(v)));
	ck_assert_str_eq(v, "halt");
	ck_assert(halt_default_value("  export HALT='poweroff'\nHALT=halt", v, sizeof(v)));
	ck_assert_str_eq(v, "halt");
	ck_assert(!halt_default_value("#HALT=poweroff\nNETDOWN=yes\n", v, sizeof(v)));
	ck_assert(!halt_default_value("", v, sizeof(v)));
}
END_TEST

START_TEST(test_halt_shutdown_argv)
{
	struct halt_opts o;
	char err[256], t[16];
	const char *a[8];

	ck_assert_int_eq(HALT("reboot", &o, err, "-t", "4"), 0);
	halt_shutdown_argv(&o, NULL, "/sbin/shutdown", a, t, sizeof(t));
	ck_assert_str_eq(a[0], "/sbin/shutdown");
	ck_assert_str_eq(a[1], "-r");
	ck_assert_str_eq(a[2], "-t");
	ck_assert_str_eq(a[3], "4");
	ck_assert_str_eq(a[4], "now");
	ck_assert_ptr_null(a[5]);

	ck_assert_int_eq(HALT("halt", &o, err, "-d"), 0);
	halt_shutdown_argv(&o, NULL, "S", a, t, sizeof(t));
	ck_assert_str_eq(a[1], "-h");
	ck_assert_str_eq(a[2], "-H");
	ck_assert_str_eq(a[3], "now");
	ck_assert_ptr_null(a[4]);
	halt_shutdown_argv(&o, "poweroff", "S", a, t, sizeof(t));
	ck_assert_str_eq(a[2], "-P");

	ck_assert_int_eq(HALT("poweroff", &o, err, "-d"), 0);
	halt_shutdown_argv(&o, "halt", "S", a, t, sizeof(t));
	ck_assert_str_eq(a[1], "-h");
	ck_assert_str_eq(a[2], "-P");
}
END_TEST

static Suite *shutdown_suite(void)
{
	Suite *s = suite_create("shutdown");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_when_forms);
	tcase_add_test(tc, test_when_rejects);
	tcase_add_test(tc, test_when_target);
	tcase_add_test(tc, test_sd_defaults_and_message);
	tcase_add_test(tc, test_sd_every_option);
	tcase_add_test(tc, test_sd_time_by_g_and_order);
	tcase_add_test(tc, test_sd_cancel);
	tcase_add_test(tc, test_sd_errors);
	tcase_add_test(tc, test_sd_message_limit);
	tcase_add_test(tc, test_sd_newstate);
	tcase_add_test(tc, test_warn_schedule);
	tcase_add_test(tc, test_warn_at_start);
	tcase_add_test(tc, test_warn_next);
	tcase_add_test(tc, test_warn_texts);
	tcase_add_test(tc, test_allow);
	tcase_add_test(tc, test_allow_limit);
	tcase_add_test(tc, test_halt_names_and_flags);
	tcase_add_test(tc, test_halt_errors);
	tcase_add_test(tc, test_halt_powers_off);
	tcase_add_test(tc, test_halt_default_file);
	tcase_add_test(tc, test_halt_shutdown_argv);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(shutdown_suite());
}
