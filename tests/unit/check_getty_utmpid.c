/* Unit tests: the utmp id getty makes up for a line. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "utmpid.h"
#include "run_suite.h"

/* The 4-byte id for line, compared byte for byte with want (NUL-padded). */
static void id_is(const char *line, const char want[4])
{
	char id[4];
	memset(id, 'X', sizeof(id));
	utmp_id_for_line(line, id, sizeof(id));
	ck_assert_msg(memcmp(id, want, sizeof(id)) == 0, "%s: got '%.4s'", line, id);
}

START_TEST(test_ids)
{
	id_is("tty1", "1\0\0\0");
	id_is("ttyS0", "S0\0\0");
	/* Cut to four bytes, no terminating NUL: ut_id is not a string. */
	id_is("ttyUSB10", "USB1");
	id_is("pts/0", "ts/0");
	id_is("console", "sole");
	id_is("abc", "abc\0");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("utmpid");
	TCase *tc = tcase_create("utmpid");
	tcase_add_test(tc, test_ids);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
