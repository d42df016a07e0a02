/*
 * The status file, both ends: what init writes is what telinit reads.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "statusfile.h"
#include "run_suite.h"

START_TEST(test_round_trip)
{
	const char *nonces[] = { "n1", "n2" };
	const char *listing = "runlevel=2 previous=N state=idle\nID LEVELS\n";
	struct status_heap heap = { 1234, 5678 };
	char *text = status_file_format(nonces, 2, listing, &heap);

	ck_assert_ptr_nonnull(text);
	ck_assert_str_eq(text, "nonce=n1 n2\nrunlevel=2 previous=N state=idle\n"
			 "ID LEVELS\nheap=1234 held=5678\n");
	for (size_t i = 0; i < 2; i++) {
		const char *got = status_file_answer(text, strlen(text), nonces[i]);
		ck_assert_ptr_nonnull(got);
		ck_assert(strncmp(got, listing, strlen(listing)) == 0);
	}
	ck_assert_ptr_null(status_file_answer(text, strlen(text), "n3"));
	free(text);

	/* No waiter and no heap figures: the listing alone answers none. */
	text = status_file_format(NULL, 0, listing, NULL);
	ck_assert_ptr_nonnull(text);
	ck_assert_str_eq(text + strlen("nonce=\n"), listing);
	ck_assert_ptr_null(status_file_answer(text, strlen(text), "n1"));
	free(text);
}
END_TEST

START_TEST(test_status_answer)
{
	static const char text[] = "nonce=aaaa bbbb cccc\nrunlevel=3 previous=N state=idle\nID\n";
	const size_t len = sizeof(text) - 1;
	const char *listing = text + strlen("nonce=aaaa bbbb cccc\n");

	ck_assert_ptr_eq(status_file_answer(text, len, "aaaa"), listing);
	ck_assert_ptr_eq(status_file_answer(text, len, "bbbb"), listing);
	ck_assert_ptr_eq(status_file_answer(text, len, "cccc"), listing);
	ck_assert_ptr_null(status_file_answer(text, len, "aaa"));
	ck_assert_ptr_null(status_file_answer(text, len, "bbbbb"));
	ck_assert_ptr_null(status_file_answer(text, len, "dddd"));
	ck_assert_ptr_null(status_file_answer(text, len, ""));
	/* A nonce only counts on the first line. */
	ck_assert_ptr_null(status_file_answer(text, len, "idle"));
	ck_assert_ptr_null(status_file_answer(text, len, "runlevel=3"));

	static const char empty[] = "nonce=\nrunlevel=3 previous=N state=idle\n";
	ck_assert_ptr_null(status_file_answer(empty, sizeof(empty) - 1, "aaaa"));
	static const char torn[] = "nonce=aaaa";   /* no end of line yet */
	ck_assert_ptr_null(status_file_answer(torn, sizeof(torn) - 1, "aaaa"));
	static const char other[] = "version=aaaa\n";
	ck_assert_ptr_null(status_file_answer(other, sizeof(other) - 1, "aaaa"));
	static const char only[] = "nonce=aaaa\n";
	ck_assert_ptr_eq(status_file_answer(only, sizeof(only) - 1, "aaaa"), only + sizeof(only) - 1);
	/* len bounds the search even when the text goes on. */
	ck_assert_ptr_null(status_file_answer(text, 8, "aaaa"));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("statusfile");
	TCase *tc = tcase_create("statusfile");
	tcase_add_test(tc, test_round_trip);
	tcase_add_test(tc, test_status_answer);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
