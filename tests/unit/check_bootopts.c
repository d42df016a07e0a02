/* Unit tests of the kernel's words to init (init/bootopts.c). */
#include "bootopts.h"

#include <check.h>
#include <stdlib.h>
#include "run_suite.h"

#define WORDS(...) (char *[]){ "init", __VA_ARGS__, NULL }
#define COUNT(...) ((int)(sizeof((char *[]){ "init", __VA_ARGS__ }) / sizeof(char *)))
#define PARSE(o, ...) boot_opts_parse(COUNT(__VA_ARGS__), WORDS(__VA_ARGS__), o)
#define AUTOBOOT(...) boot_opts_autoboot(COUNT(__VA_ARGS__), WORDS(__VA_ARGS__))

/* As sysvinit: "-z xxx" is padding; its word is no level, no option. */
START_TEST(z_word_is_padding)
{
	struct sm_boot_opts o;

	PARSE(&o, "-z", "3");
	ck_assert_int_eq(o.level, 0);
	PARSE(&o, "-z", "emergency", "2");
	ck_assert(!o.emergency);
	ck_assert_int_eq(o.level, '2');
	PARSE(&o, "-z", "xxxxxxxx", "single");
	ck_assert_int_eq(o.level, 'S');
	ck_assert(!AUTOBOOT("-z", "auto"));
	/* A -z at the end pads nothing. */
	PARSE(&o, "4", "-z");
	ck_assert_int_eq(o.level, '4');
}
END_TEST

START_TEST(auto_and_a_mean_autoboot)
{
	ck_assert(AUTOBOOT("auto"));
	ck_assert(AUTOBOOT("3", "-a"));
	ck_assert(!AUTOBOOT("3", "single"));
	ck_assert(!AUTOBOOT("autoboot"));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("bootopts");
	TCase *tc = tcase_create("words");

	tcase_add_test(tc, z_word_is_padding);
	tcase_add_test(tc, auto_and_a_mean_autoboot);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
