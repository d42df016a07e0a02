/* Unit tests: getty's command line (SysV, agetty and -c forms). */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "gettydefs.h"
#include "options.h"
#include "run_suite.h"

static struct getty_options o;
static char err[256];

static bool parse_v(const char *const *args)
{
	char *argv[32];
	int argc = 0;
	argv[argc++] = "getty";
	while (*args)
		argv[argc++] = (char *)*args++;
	argv[argc] = NULL;
	err[0] = '\0';
	return getty_options_parse(argc, argv, &o, err, sizeof(err));
}

#define PARSE(...) parse_v((const char *const[]){ __VA_ARGS__, NULL })

START_TEST(test_sysv_form)
{
	ck_assert(PARSE("ttyS0"));
	ck_assert_str_eq(o.line, "ttyS0");
	ck_assert_ptr_null(o.label);
	ck_assert_uint_eq(o.n_speeds, 0);

	ck_assert(PARSE("-h", "-t", "60", "/dev/ttyS1", "9600", "vt100", "LDISC0"));
	ck_assert(o.opt_h);
	ck_assert_int_eq(o.timeout, 60);
	ck_assert_str_eq(o.line, "/dev/ttyS1");
	ck_assert_str_eq(o.label, "9600");
	ck_assert_str_eq(o.termtype, "vt100");
	ck_assert_str_eq(o.linedisc, "LDISC0");
	ck_assert_uint_eq(o.n_speeds, 0);

	ck_assert(PARSE("-ht30", "tty2", "console"));
	ck_assert(o.opt_h);
	ck_assert_int_eq(o.timeout, 30);
	ck_assert_str_eq(o.label, "console");

	ck_assert(PARSE("-", "fast"));
	ck_assert_str_eq(o.line, "-");
	ck_assert_str_eq(o.label, "fast");
}
END_TEST

START_TEST(test_agetty_forms)
{
	/* Debian's stock inittab. */
	ck_assert(PARSE("--noclear", "38400", "tty1"));
	ck_assert(o.noclear);
	ck_assert_str_eq(o.line, "tty1");
	ck_assert_uint_eq(o.n_speeds, 1);
	ck_assert_int_eq(o.speeds[0], 38400);
	ck_assert_ptr_null(o.label);

	ck_assert(PARSE("38400", "tty2"));
	ck_assert(!o.noclear);
	ck_assert_str_eq(o.line, "tty2");
	ck_assert_int_eq(o.speeds[0], 38400);

	ck_assert(PARSE("-8", "-L", "115200,38400,9600", "ttyS0", "vt102"));
	ck_assert(o.eight_bit);
	ck_assert(o.local_line);
	ck_assert_uint_eq(o.n_speeds, 3);
	ck_assert_int_eq(o.speeds[0], 115200);
	ck_assert_int_eq(o.speeds[1], 38400);
	ck_assert_int_eq(o.speeds[2], 9600);
	ck_assert_str_eq(o.line, "ttyS0");
	ck_assert_str_eq(o.termtype, "vt102");

	/* Debian's commented-out console line. */
	ck_assert(PARSE("-8", "--noclear", "--keep-baud", "console", "115200,38400,9600"));
	ck_assert(o.keep_baud);
	ck_assert_str_eq(o.line, "console");
	ck_assert_str_eq(o.label, "115200,38400,9600");
	ck_assert_uint_eq(o.n_speeds, 0);
	ck_assert(PARSE("-s", "9600", "ttyS0"));
	ck_assert(o.keep_baud);

	/* Speeds where the label goes stay a label until resolve_label()
	 * has seen gettydefs. */
	ck_assert(PARSE("ttyS0", "115200,9600"));
	ck_assert_str_eq(o.line, "ttyS0");
	ck_assert_str_eq(o.label, "115200,9600");
	ck_assert_uint_eq(o.n_speeds, 0);
	ck_assert(PARSE("-L", "ttyS0", "19200", "vt100"));
	ck_assert(o.local_line);
	ck_assert_str_eq(o.line, "ttyS0");
	ck_assert_str_eq(o.label, "19200");
	ck_assert_str_eq(o.termtype, "vt100");
	ck_assert_uint_eq(o.n_speeds, 0);

	ck_assert(PARSE("-a", "root", "-n", "-o", "-p -- \\u", "-i", "-l", "/bin/sh",
			"-H", "host.example", "-J", "--timeout=5", "38400", "tty3"));
	ck_assert_str_eq(o.autologin, "root");
	ck_assert(o.skip_login);
	ck_assert_str_eq(o.login_options, "-p -- \\u");
	ck_assert(o.no_issue);
	ck_assert_str_eq(o.login_program, "/bin/sh");
	ck_assert_str_eq(o.host, "host.example");
	ck_assert(o.noclear);
	ck_assert_int_eq(o.timeout, 5);

	ck_assert(PARSE("--autologin", "root", "--login-program=/bin/login", "--local-line",
			"--noissue", "--issue-file", "/etc/issue.net", "--gettydefs=/tmp/g",
			"tty4"));
	ck_assert_str_eq(o.autologin, "root");
	ck_assert_str_eq(o.login_program, "/bin/login");
	ck_assert(o.local_line);
	ck_assert(o.no_issue);
	ck_assert_str_eq(o.issue_file, "/etc/issue.net");
	ck_assert_str_eq(o.gettydefs_file, "/tmp/g");
	ck_assert_str_eq(o.line, "tty4");
}
END_TEST

/* Labels and speeds as in the shipped etc/gettydefs: 9600 is a label,
 * 19200 is not. */
static struct gettydefs *shipped_like(void)
{
	static const char text[] =
		"console# B38400 CS8 # B38400 CS8 SANE #@S login: #console\n\n"
		"9600# B9600 CS8 # B9600 CS8 SANE #@S login: #115200\n\n"
		"115200# B115200 CS8 # B115200 CS8 SANE #@S login: #9600\n";
	struct gettydefs *d = gettydefs_parse("gettydefs", text, sizeof(text) - 1, NULL, NULL);
	ck_assert_ptr_nonnull(d);
	ck_assert_uint_eq(d->n_entries, 3);
	ck_assert_uint_eq(d->errors, 0);
	return d;
}

START_TEST(test_label_in_gettydefs_wins)
{
	struct gettydefs *d = shipped_like();
	long sp[MAX_SPEEDS];
	size_t n = 99, entry = 99;
	ck_assert_int_eq(resolve_label("9600", d, &entry, sp, &n), LABEL_ENTRY);
	ck_assert_uint_eq(entry, 1);
	ck_assert_uint_eq(n, 0);
	ck_assert_int_eq(resolve_label("115200", d, &entry, sp, &n), LABEL_ENTRY);
	ck_assert_uint_eq(entry, 2);
	ck_assert_int_eq(resolve_label("console", d, &entry, sp, &n), LABEL_ENTRY);
	ck_assert_uint_eq(entry, 0);
	gettydefs_free(d);
}
END_TEST

START_TEST(test_unknown_label_that_is_a_speed)
{
	struct gettydefs *d = shipped_like();
	long sp[MAX_SPEEDS];
	size_t n = 99, entry = 99;
	ck_assert_int_eq(resolve_label("19200", d, &entry, sp, &n), LABEL_SPEEDS);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(sp[0], 19200);
	ck_assert_uint_eq(entry, 0);

	/* The table getty then uses starts at 19200, not at console's 38400. */
	struct gettydefs *t = gettydefs_from_speeds(sp, n);
	ck_assert_ptr_nonnull(t);
	ck_assert_str_eq(t->entries[0].label, "19200");
	ck_assert_uint_eq(t->entries[0].initial.speed, B19200);
	ck_assert_uint_eq(t->entries[0].next, 0);
	gettydefs_free(t);

	/* No gettydefs at all: a speed still reads as one. */
	ck_assert_int_eq(resolve_label("19200", NULL, &entry, sp, &n), LABEL_SPEEDS);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(sp[0], 19200);
	gettydefs_free(d);
}
END_TEST

/* -h is System V's "do not hang up" and agetty's "RTS/CTS flow control";
 * the form the operands are read in says which. */
START_TEST(test_h_follows_the_form)
{
	struct gettydefs *d = shipped_like();
	long sp[MAX_SPEEDS];
	size_t n, entry;

	/* System V: a line and a gettydefs label. */
	ck_assert(PARSE("-h", "ttyS0", "9600"));
	ck_assert_int_eq(resolve_label(o.label, d, &entry, sp, &n), LABEL_ENTRY);
	ck_assert(!hang_up_line(&o, false));
	ck_assert_uint_eq(line_cflags(&o, false), 0);

	/* agetty, speed first, as in Debian's inittab. */
	ck_assert(PARSE("-h", "38400", "tty1"));
	ck_assert_uint_eq(o.n_speeds, 1);
	ck_assert(hang_up_line(&o, true));
	ck_assert_uint_eq(line_cflags(&o, true), CRTSCTS);

	/* agetty, line first: a speed gettydefs has no label for. */
	ck_assert(PARSE("-L", "-h", "ttyS0", "19200", "vt100"));
	ck_assert_int_eq(resolve_label(o.label, d, &entry, sp, &n), LABEL_SPEEDS);
	ck_assert(hang_up_line(&o, true));
	ck_assert_uint_eq(line_cflags(&o, true), CLOCAL | CRTSCTS);

	/* No -h: either form hangs up and leaves flow control alone. */
	ck_assert(PARSE("-L", "38400", "tty1"));
	ck_assert(hang_up_line(&o, true));
	ck_assert(hang_up_line(&o, false));
	ck_assert_uint_eq(line_cflags(&o, true), CLOCAL);
	ck_assert_uint_eq(line_cflags(&o, false), CLOCAL);
	gettydefs_free(d);
}
END_TEST

START_TEST(test_label_that_is_a_speed_list)
{
	struct gettydefs *d = shipped_like();
	long sp[MAX_SPEEDS];
	size_t n = 99, entry = 99;
	ck_assert_int_eq(resolve_label("115200,38400,9600", d, &entry, sp, &n), LABEL_SPEEDS);
	ck_assert_uint_eq(n, 3);
	ck_assert_int_eq(sp[0], 115200);
	ck_assert_int_eq(sp[1], 38400);
	ck_assert_int_eq(sp[2], 9600);

	/* First speed first; BREAK hunts down the list and back to it. */
	struct gettydefs *t = gettydefs_from_speeds(sp, n);
	ck_assert_ptr_nonnull(t);
	ck_assert_uint_eq(t->entries[0].initial.speed, B115200);
	ck_assert_uint_eq(t->entries[0].next, 1);
	ck_assert_uint_eq(t->entries[1].initial.speed, B38400);
	ck_assert_uint_eq(t->entries[1].next, 2);
	ck_assert_uint_eq(t->entries[2].initial.speed, B9600);
	ck_assert_uint_eq(t->entries[2].next, 0);
	gettydefs_free(t);
	gettydefs_free(d);
}
END_TEST

START_TEST(test_unknown_label_not_a_speed)
{
	struct gettydefs *d = shipped_like();
	long sp[MAX_SPEEDS];
	size_t n = 99, entry = 99;
	/* main warns "no entry labelled ..." and uses the first entry. */
	ck_assert_int_eq(resolve_label("fast", d, &entry, sp, &n), LABEL_UNKNOWN);
	ck_assert_uint_eq(entry, 0);
	ck_assert_uint_eq(n, 0);
	/* Speed-shaped but no speed termios knows, or a broken list. */
	ck_assert_int_eq(resolve_label("12345", d, &entry, sp, &n), LABEL_UNKNOWN);
	ck_assert_uint_eq(n, 0);
	ck_assert_int_eq(resolve_label("9600,12345", d, &entry, sp, &n), LABEL_UNKNOWN);
	ck_assert_uint_eq(n, 0);
	ck_assert_int_eq(resolve_label("9600,,300", d, &entry, sp, &n), LABEL_UNKNOWN);
	ck_assert_int_eq(resolve_label("19200x", d, &entry, sp, &n), LABEL_UNKNOWN);
	ck_assert_int_eq(resolve_label("console", NULL, &entry, sp, &n), LABEL_UNKNOWN);
	ck_assert_uint_eq(entry, 0);
	gettydefs_free(d);
}
END_TEST

START_TEST(test_check_and_help)
{
	ck_assert(PARSE("-c", "/etc/gettydefs"));
	ck_assert_str_eq(o.check_file, "/etc/gettydefs");
	ck_assert(PARSE("-c/tmp/x"));
	ck_assert_str_eq(o.check_file, "/tmp/x");
	ck_assert(!PARSE("-c", "/etc/gettydefs", "ttyS0"));
	ck_assert_str_eq(err, "-c takes a file and no other operands");
	ck_assert(PARSE("--help"));
	ck_assert(o.help);
}
END_TEST

START_TEST(test_errors)
{
	ck_assert(!parse_v((const char *const[]){ NULL }));
	ck_assert_str_eq(err, "no line given");
	ck_assert(!PARSE("-x", "tty1"));
	ck_assert_str_eq(err, "unknown option '-x'");
	ck_assert(!PARSE("--bogus", "tty1"));
	ck_assert_str_eq(err, "unknown option '--bogus'");
	ck_assert(!PARSE("-t"));
	ck_assert_str_eq(err, "option '-t' needs an argument");
	ck_assert(!PARSE("-t", "soon", "tty1"));
	ck_assert_str_eq(err, "invalid timeout 'soon': invalid");
	ck_assert(!PARSE("-t", "-5", "tty1"));
	ck_assert_str_eq(err, "invalid timeout '-5': too small");
	ck_assert(!PARSE("--noclear=yes", "tty1"));
	ck_assert_str_eq(err, "option '--noclear' takes no argument");
	ck_assert(!PARSE("--autologin"));
	ck_assert_str_eq(err, "option '--autologin' needs an argument");
	ck_assert(!PARSE("-a", "-f", "tty1"));
	ck_assert_str_eq(err, "invalid argument '-f' for '-a'");
	ck_assert(!PARSE("12345", "tty1"));
	ck_assert_str_eq(err, "unsupported speed '12345'");
	ck_assert(!PARSE("9600,,300", "tty1"));
	ck_assert_str_eq(err, "bad speed list '9600,,300'");
	ck_assert(!PARSE("9600", "tty1", "vt100", "extra"));
	ck_assert_str_eq(err, "too many operands for 'SPEEDS LINE [TERMTYPE]'");
	ck_assert(!PARSE("tty1", "a", "b", "c", "d"));
	ck_assert_str_eq(err, "too many operands");
	ck_assert(!PARSE("../etc/passwd"));
	ck_assert_str_eq(err, "invalid line '../etc/passwd'");
	ck_assert(!PARSE("/dev/"));
	ck_assert_str_eq(err, "invalid line '/dev/'");
	/* After "--" a leading dash is an operand. */
	ck_assert(PARSE("--", "-h"));
	ck_assert_str_eq(o.line, "-h");
	ck_assert(!o.opt_h);
}
END_TEST

START_TEST(test_line_names)
{
	ck_assert_str_eq(line_name("ttyS0"), "ttyS0");
	ck_assert_str_eq(line_name("/dev/ttyS0"), "ttyS0");
	ck_assert_str_eq(line_name("pts/3"), "pts/3");
	ck_assert_str_eq(line_name("/dev/pts/3"), "pts/3");
	ck_assert_str_eq(line_name("a..b"), "a..b");
	ck_assert_ptr_null(line_name("-"));
	ck_assert_ptr_null(line_name(""));
	ck_assert_ptr_null(line_name("/etc/passwd"));
	ck_assert_ptr_null(line_name("pts/../../etc/passwd"));
	ck_assert_ptr_null(line_name(".."));
	ck_assert_ptr_null(line_name("tty\n1"));
}
END_TEST

START_TEST(test_speed_lists)
{
	long sp[MAX_SPEEDS];
	size_t n;
	ck_assert(parse_speed_list("300,1200,2400", sp, &n, err, sizeof(err)));
	ck_assert_uint_eq(n, 3);
	ck_assert_int_eq(sp[2], 2400);
	ck_assert(!parse_speed_list("9600,", sp, &n, err, sizeof(err)));
	ck_assert(!parse_speed_list("0", sp, &n, err, sizeof(err)));
	ck_assert_str_eq(err, "unsupported speed '0'");
	char many[200] = "9600";
	for (int i = 0; i < MAX_SPEEDS; i++)
		strcat(many, ",9600");
	ck_assert(!parse_speed_list(many, sp, &n, err, sizeof(err)));
	ck_assert_ptr_nonnull(strstr(err, "more than 16 speeds"));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("options");
	TCase *tc = tcase_create("options");
	tcase_add_test(tc, test_sysv_form);
	tcase_add_test(tc, test_agetty_forms);
	tcase_add_test(tc, test_label_in_gettydefs_wins);
	tcase_add_test(tc, test_unknown_label_that_is_a_speed);
	tcase_add_test(tc, test_label_that_is_a_speed_list);
	tcase_add_test(tc, test_h_follows_the_form);
	tcase_add_test(tc, test_unknown_label_not_a_speed);
	tcase_add_test(tc, test_check_and_help);
	tcase_add_test(tc, test_errors);
	tcase_add_test(tc, test_line_names);
	tcase_add_test(tc, test_speed_lists);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
