/* Unit tests of the one-line failure reason (lib/errbuf.c). */
#include "errbuf.h"

#include <check.h>
#include <string.h>
#include "run_suite.h"

START_TEST(formats_the_reason_and_answers_minus_one)
{
	char err[64];

	memset(err, 'x', sizeof(err));
	ck_assert_int_eq(errbuf_set(err, sizeof(err), "line %u: %s", 7u, "no tag"), -1);
	ck_assert_str_eq(err, "line 7: no tag");
}
END_TEST

START_TEST(cuts_to_the_buffer)
{
	char err[8];

	memset(err, 'x', sizeof(err));
	ck_assert_int_eq(errbuf_set(err, sizeof(err), "%s", "0123456789"), -1);
	ck_assert_str_eq(err, "0123456");
}
END_TEST

START_TEST(no_buffer_writes_nothing)
{
	char err[4] = "abc";

	ck_assert_int_eq(errbuf_set(NULL, 16, "%s", "reason"), -1);
	ck_assert_int_eq(errbuf_set(err, 0, "%s", "reason"), -1);
	ck_assert_str_eq(err, "abc");
}
END_TEST

static Suite *errbuf_suite(void)
{
	Suite *s = suite_create("errbuf");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, formats_the_reason_and_answers_minus_one);
	tcase_add_test(tc, cuts_to_the_buffer);
	tcase_add_test(tc, no_buffer_writes_nothing);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(errbuf_suite());
}
