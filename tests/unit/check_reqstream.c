/* Unit tests of cutting the FIFO's bytes into requests (lib/reqstream.c). */
#include "initreq.h"
#include "reqstream.h"

#include <check.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "run_suite.h"

/* A stream being built: requests and other bytes back to back. */
static unsigned char stream[INITREQ_SIZE * 8];
static size_t slen;

static void put_request(char level)
{
	struct init_request r;

	ck_assert_int_eq(initreq_encode_runlevel(&r, level, -1, NULL), 0);
	memcpy(stream + slen, &r, sizeof(r));
	slen += sizeof(r);
}

/* The first n bytes of a request for level, as a writer stopped half-way
 * leaves them. */
static void put_partial(char level, size_t n)
{
	struct init_request r;

	ck_assert_int_eq(initreq_encode_runlevel(&r, level, -1, NULL), 0);
	memcpy(stream + slen, &r, n);
	slen += n;
}

static void put_bytes(unsigned char c, size_t n)
{
	memset(stream + slen, c, n);
	slen += n;
}

/* Cut the whole stream; the levels of the requests that decode, in order,
 * and the bytes dropped. */
static void cut(char *levels, size_t *dropped, size_t *partial)
{
	size_t off = 0, n, nl = 0;
	struct initreq_msg m;
	char err[128];

	*dropped = *partial = 0;
	while (off < slen) {
		enum reqstream_piece p = reqstream_next(stream + off, slen - off, &n);
		ck_assert_uint_gt(n, 0);
		if (p == REQSTREAM_PARTIAL) {
			ck_assert_uint_eq(off + n, slen);
			*partial = n;
		} else if (p == REQSTREAM_GARBAGE) {
			*dropped += n;
		} else {
			ck_assert_uint_eq(n, INITREQ_SIZE);
			if (initreq_decode(stream + off, n, &m, err, sizeof(err)) == 0)
				levels[nl++] = m.level;
			else
				*dropped += n;
		}
		off += n;
	}
	levels[nl] = '\0';
}

static void setup(void)
{
	slen = 0;
}

START_TEST(whole_requests_back_to_back)
{
	char levels[16];
	size_t dropped, partial;

	put_request('3');
	put_request('5');
	put_request('Q');
	cut(levels, &dropped, &partial);
	ck_assert_str_eq(levels, "35Q");
	ck_assert_uint_eq(dropped, 0);
	ck_assert_uint_eq(partial, 0);
}
END_TEST

/* A writer stopped half-way, another's whole request behind it: the
 * whole one is kept, the piece dropped, nothing spliced. */
START_TEST(request_behind_a_partial_one_kept)
{
	char levels[16];
	size_t dropped, partial;

	put_partial('4', 200);
	put_request('3');
	cut(levels, &dropped, &partial);
	ck_assert_str_eq(levels, "3");
	ck_assert_uint_eq(dropped, 200);
	ck_assert_uint_eq(partial, 0);
}
END_TEST

/* The stopped writer's rest, when it comes after the other request, is
 * no request either (no magic at its start). */
START_TEST(rest_of_a_cut_request_dropped)
{
	char levels[16];
	size_t dropped, partial;
	struct init_request r;

	put_partial('4', 200);
	put_request('3');
	ck_assert_int_eq(initreq_encode_runlevel(&r, '4', -1, NULL), 0);
	memcpy(stream + slen, (unsigned char *)&r + 200, INITREQ_SIZE - 200);
	slen += INITREQ_SIZE - 200;
	put_request('5');
	cut(levels, &dropped, &partial);
	ck_assert_str_eq(levels, "35");
	ck_assert_uint_eq(dropped, INITREQ_SIZE);
}
END_TEST

START_TEST(garbage_before_and_between)
{
	char levels[16];
	size_t dropped, partial;

	put_bytes('x', 12);
	put_request('2');
	put_bytes(0, 1000);
	put_request('S');
	cut(levels, &dropped, &partial);
	ck_assert_str_eq(levels, "2S");
	ck_assert_uint_eq(dropped, 1012);
}
END_TEST

/* What the last read ended in the middle of is kept for the next one. */
START_TEST(request_cut_by_the_read_is_partial)
{
	char levels[16];
	size_t dropped, partial;

	put_request('2');
	put_partial('3', 100);
	cut(levels, &dropped, &partial);
	ck_assert_str_eq(levels, "2");
	ck_assert_uint_eq(partial, 100);
	/* Even a magic number cut in two. */
	slen = 0;
	put_bytes('y', 5);
	put_partial('3', 3);
	cut(levels, &dropped, &partial);
	ck_assert_uint_eq(dropped, 5);
	ck_assert_uint_eq(partial, 3);
}
END_TEST

/* A request that carries the magic number inside it is taken as cut
 * short, never joined with what follows. */
START_TEST(magic_inside_a_window_cuts_it)
{
	size_t n;
	struct init_request r;
	const int magic = INITREQ_MAGIC;

	ck_assert_int_eq(initreq_encode_runlevel(&r, '3', -1, NULL), 0);
	memcpy(r.i.data + 100, &magic, sizeof(magic));
	ck_assert_int_eq(reqstream_next(&r, sizeof(r), &n), REQSTREAM_GARBAGE);
	ck_assert_uint_eq(n, offsetof(struct init_request, i.data) + 100);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("reqstream");
	TCase *tc = tcase_create("cut");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, whole_requests_back_to_back);
	tcase_add_test(tc, request_behind_a_partial_one_kept);
	tcase_add_test(tc, rest_of_a_cut_request_dropped);
	tcase_add_test(tc, garbage_before_and_between);
	tcase_add_test(tc, request_cut_by_the_read_is_partial);
	tcase_add_test(tc, magic_inside_a_window_cuts_it);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(suite());
}
