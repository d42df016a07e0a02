/*
 * check_startorder: a start order survives its trip to the spawner
 * whole, and nothing but what start_order_encode() writes is taken.
 */
#include "startorder.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>
#include "run_suite.h"

static char buf[START_ORDER_MAX];
static char *vec[64];

static char *const argv3[] = { "/bin/sh", "-c", "exec getty 38400 tty1", NULL };
static char *const envp2[] = { "PATH=/sbin:/bin", "RUNLEVEL=2", NULL };
static const struct start_order sample = {
	.id = "1", .process = "/sbin/getty 38400 tty1", .ctty = true, .utmp = false,
	.argv = argv3, .envp = envp2,
};

static size_t nwords(char *const *v)
{
	size_t n = 0;

	while (v[n])
		n++;
	return n;
}

START_TEST(round_trip_keeps_every_field)
{
	struct start_order o;
	size_t len = start_order_encode(&sample, buf, sizeof(buf));

	ck_assert_uint_gt(len, 0);
	ck_assert(start_order_decode(buf, len, &o, vec, 64));
	ck_assert_str_eq(o.id, "1");
	ck_assert_str_eq(o.process, sample.process);
	ck_assert(o.ctty);
	ck_assert(!o.utmp);
	ck_assert_uint_eq(nwords(o.argv), 3);
	ck_assert_uint_eq(nwords(o.envp), 2);
	for (size_t i = 0; i < 3; i++)
		ck_assert_str_eq(o.argv[i], argv3[i]);
	for (size_t i = 0; i < 2; i++)
		ck_assert_str_eq(o.envp[i], envp2[i]);
}
END_TEST

START_TEST(empty_environment_and_empty_words_travel)
{
	char *const argv[] = { "/bin/true", "", NULL };
	char *const envp[] = { NULL };
	struct start_order in = { "x", "", false, true, argv, envp }, o;
	size_t len = start_order_encode(&in, buf, sizeof(buf));

	ck_assert(start_order_decode(buf, len, &o, vec, 64));
	ck_assert(o.utmp);
	ck_assert_str_eq(o.process, "");
	ck_assert_uint_eq(nwords(o.argv), 2);
	ck_assert_str_eq(o.argv[1], "");
	ck_assert_ptr_null(o.envp[0]);
}
END_TEST

START_TEST(an_order_that_does_not_fit_is_refused)
{
	size_t len = start_order_encode(&sample, buf, sizeof(buf));

	for (size_t size = 0; size < len; size++)
		ck_assert_uint_eq(start_order_encode(&sample, buf, size), 0);
}
END_TEST

START_TEST(no_program_is_refused)
{
	char *const none[] = { NULL };
	struct start_order in = sample;

	in.argv = none;
	ck_assert_uint_eq(start_order_encode(&in, buf, sizeof(buf)), 0);
}
END_TEST

START_TEST(every_cut_and_every_flipped_byte_is_refused_or_bounded)
{
	struct start_order o;
	size_t len = start_order_encode(&sample, buf, sizeof(buf));
	char copy[256];

	ck_assert_uint_le(len, sizeof(copy));
	/* Cut anywhere: refused (the end is no NUL, or strings are missing). */
	for (size_t cut = 0; cut < len; cut++) {
		memcpy(copy, buf, len);
		ck_assert(!start_order_decode(copy, cut, &o, vec, 64));
	}
	/* One extra string: refused (the counts must account for all). */
	memcpy(copy, buf, len);
	copy[len] = '\0';
	ck_assert(!start_order_decode(copy, len + 1, &o, vec, 64));
	/* Too few pointers for the words: refused, not overrun. */
	memcpy(copy, buf, len);
	ck_assert(!start_order_decode(copy, len, &o, vec, 6));
	ck_assert(start_order_decode(copy, len, &o, vec, 7));
	/* Any byte changed: decoded within the buffer or refused. */
	for (size_t i = 0; i < len; i++) {
		memcpy(copy, buf, len);
		copy[i] ^= 0x5a;
		if (start_order_decode(copy, len, &o, vec, 64))
			for (size_t w = 0; o.argv[w]; w++)
				ck_assert(o.argv[w] >= copy && o.argv[w] < copy + len);
	}
}
END_TEST

static Suite *startorder_suite(void)
{
	Suite *s = suite_create("startorder");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, round_trip_keeps_every_field);
	tcase_add_test(tc, empty_environment_and_empty_words_travel);
	tcase_add_test(tc, an_order_that_does_not_fit_is_refused);
	tcase_add_test(tc, no_program_is_refused);
	tcase_add_test(tc, every_cut_and_every_flipped_byte_is_refused_or_bounded);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(startorder_suite());
}
