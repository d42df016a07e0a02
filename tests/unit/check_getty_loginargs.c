/* Unit tests: the login program, its argv and TERM. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "gettydefs.h"
#include "loginargs.h"
#include "options.h"
#include "run_suite.h"

static struct getty_options o;
static struct gettydef e;
static char *argv[LOGIN_ARGV_MAX];

static void setup(void)
{
	memset(&o, 0, sizeof(o));
	memset(&e, 0, sizeof(e));
	memset(argv, 0, sizeof(argv));
}

/* argv as one string, words separated by '|', for short assertions. */
static const char *joined(void)
{
	static char buf[4096];
	buf[0] = '\0';
	for (size_t i = 0; argv[i]; i++) {
		if (i)
			strcat(buf, "|");
		strcat(buf, argv[i]);
	}
	return buf;
}

START_TEST(test_program)
{
	ck_assert_str_eq(login_program(&o, &e), PATH_LOGIN);
	e.login_program = "/sbin/sulogin";
	ck_assert_str_eq(login_program(&o, &e), "/sbin/sulogin");
	o.login_program = "/usr/bin/mylogin";
	ck_assert_str_eq(login_program(&o, &e), "/usr/bin/mylogin");
}
END_TEST

START_TEST(test_default_argv)
{
	login_argv(&o, "/bin/login", "kim", NULL, argv);
	ck_assert_str_eq(joined(), "/bin/login|--|kim");
	login_argv(&o, "/bin/login", NULL, NULL, argv);
	ck_assert_str_eq(joined(), "/bin/login");

	o.host = "gw.example";
	o.autologin = "root";
	login_argv(&o, "/bin/login", "root", NULL, argv);
	ck_assert_str_eq(joined(), "/bin/login|-h|gw.example|-f|--|root");
}
END_TEST

START_TEST(test_login_options)
{
	/* -o replaces the default arguments, -H and -a included. */
	o.host = "gw.example";
	o.autologin = "root";
	char words[] = "-p \\u\t -x";
	login_argv(&o, "/bin/login", "root", words, argv);
	ck_assert_str_eq(joined(), "/bin/login|-p|root|-x");

	char no_name[] = "-p \\u";
	login_argv(&o, "/bin/login", NULL, no_name, argv);
	ck_assert_str_eq(joined(), "/bin/login|-p");

	char empty[] = "";
	login_argv(&o, "/bin/login", "kim", empty, argv);
	ck_assert_str_eq(joined(), "/bin/login");

	/* Words past the array's room are dropped, never overflow it. */
	char many[400] = "";
	for (int i = 0; i < 100; i++)
		strcat(many, "w ");
	login_argv(&o, "/bin/login", "kim", many, argv);
	size_t n = 0;
	while (argv[n])
		n++;
	ck_assert_uint_eq(n, 62);
	ck_assert_uint_lt(n, LOGIN_ARGV_MAX);
}
END_TEST

START_TEST(test_default_term)
{
	ck_assert_str_eq(default_term("tty1"), "linux");
	ck_assert_str_eq(default_term("tty63"), "linux");
	ck_assert_str_eq(default_term("tty0"), "vt102");
	ck_assert_str_eq(default_term("ttyS0"), "vt102");
	ck_assert_str_eq(default_term("pts/0"), "vt102");
	ck_assert_str_eq(default_term("console"), "vt102");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("loginargs");
	TCase *tc = tcase_create("loginargs");
	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_program);
	tcase_add_test(tc, test_default_argv);
	tcase_add_test(tc, test_login_options);
	tcase_add_test(tc, test_default_term);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
