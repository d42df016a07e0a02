/*
 * The status file, both ends: what init writes is what telinit reads.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "statusfile.h"
#include "run_suite.h"

START_TEST(test_round_trip)
{
	const char *nonces[] = { "n1", "n2" };
	const char *listing = "runlevel=2 previous=N state=idle\nID LEVELS\n";
	struct status_heap heap = { 1234, 5678 };
	char *text = status_file_format(nonces, NULL, 2, listing, &heap);

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
	text = status_file_format(NULL, NULL, 0, listing, NULL);
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

static void note_reply(void *ctx, const char *nonce, size_t nlen, const char *why,
		       size_t whylen)
{
	char *seen = ctx;
	size_t at = strlen(seen);

	snprintf(seen + at, 256 - at, "[%.*s:%.*s]", (int)nlen, nonce, (int)whylen,
		 why ? why : "");
}

/* telinit u's answer: its nonce, and why when it was refused, on one
 * line whatever the reason held; the listing stays what status prints. */
START_TEST(test_refusals)
{
	const char *nonces[] = { "n1", "u1", "u2" };
	const char *refused[] = { NULL, "re-exec refused, init goes on: /sbin/init\nbad", "" };
	const char *listing = "runlevel=2 previous=N state=idle\n";
	char *text = status_file_format(nonces, refused, 3, listing, NULL);
	size_t len = strlen(text), whylen = 0;

	ck_assert_str_eq(text, "nonce=n1 u1 u2\n"
			 "refused=u1 re-exec refused, init goes on: /sbin/init bad\n"
			 "runlevel=2 previous=N state=idle\n");
	for (size_t i = 0; i < 3; i++)
		ck_assert_str_eq(status_file_answer(text, len, nonces[i]), listing);
	const char *why = status_file_refusal(text, len, "u1", &whylen);
	ck_assert_ptr_nonnull(why);
	ck_assert_int_eq(whylen, strlen("re-exec refused, init goes on: /sbin/init bad"));
	ck_assert(strncmp(why, "re-exec refused, init goes on: /sbin/init bad", whylen) == 0);
	ck_assert_ptr_null(status_file_refusal(text, len, "u2", &whylen));
	ck_assert_ptr_null(status_file_refusal(text, len, "n1", &whylen));
	ck_assert_ptr_null(status_file_refusal(text, len, "u", &whylen));
	ck_assert_ptr_null(status_file_refusal(text, len, "", &whylen));
	/* A refusal only counts among the lines after the nonce line. */
	static const char late[] = "nonce=u1\nrunlevel=2\nrefused=u1 no\n";
	ck_assert_ptr_null(status_file_refusal(late, sizeof(late) - 1, "u1", &whylen));
	/* Torn: no end of line yet. */
	ck_assert_ptr_null(status_file_refusal(text, strlen("nonce=n1 u1 u2\nrefused=u1 re"), "u1",
					       &whylen));

	char seen[256] = "";
	status_file_replies(text, len, note_reply, seen);
	ck_assert_str_eq(seen, "[n1:][u1:re-exec refused, init goes on: /sbin/init bad][u2:]");
	free(text);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("statusfile");
	TCase *tc = tcase_create("statusfile");
	tcase_add_test(tc, test_round_trip);
	tcase_add_test(tc, test_status_answer);
	tcase_add_test(tc, test_refusals);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
