/* Unit tests: the line's modes for reading a name and for login. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "linemodes.h"
#include "run_suite.h"

START_TEST(test_reading_mode)
{
	struct flagset fs;
	char err[64];
	ck_assert(flagset_parse("B2400 BRKINT IGNBRK ISTRIP CS7 ECHO ICANON", &fs, err, sizeof(err)));
	struct termios t;
	memset(&t, 0, sizeof(t));
	termios_for_reading(&fs, CLOCAL | CRTSCTS, &t);
	ck_assert_uint_eq(cfgetospeed(&t), B2400);
	ck_assert_uint_eq(t.c_lflag, 0);
	ck_assert(!(t.c_iflag & (IGNBRK | BRKINT)));
	ck_assert(t.c_iflag & ISTRIP);
	ck_assert_uint_eq(t.c_cflag & CSIZE, CS7);
	ck_assert(t.c_cflag & CLOCAL);
	ck_assert(t.c_cflag & CRTSCTS);
	ck_assert(t.c_cflag & CREAD);
	ck_assert(t.c_oflag & OPOST);
	ck_assert(t.c_oflag & ONLCR);
	ck_assert_uint_eq(t.c_cc[VMIN], 1);
	ck_assert_uint_eq(t.c_cc[VTIME], 0);
	termios_for_reading(&fs, 0, &t);
	ck_assert(!(t.c_cflag & CLOCAL));
	ck_assert(!(t.c_cflag & CRTSCTS));
}
END_TEST

START_TEST(test_login_mode)
{
	struct flagset fs;
	char err[64];
	ck_assert(flagset_parse("SANE HUPCL", &fs, err, sizeof(err)));
	struct termios t;
	memset(&t, 0, sizeof(t));
	cfsetospeed(&t, B4800);
	cfsetispeed(&t, B4800);
	termios_for_login(&fs, 0, false, 0, &t);
	ck_assert_uint_eq(cfgetospeed(&t), B4800);	/* no speed named: kept */
	ck_assert_uint_eq(t.c_cc[VERASE], 0x7f);
	ck_assert_uint_eq(t.c_cc[VKILL], 0x15);
	ck_assert_uint_eq(t.c_cc[VINTR], 0x03);
	ck_assert_uint_eq(t.c_cc[VEOF], 0x04);
	ck_assert(!(t.c_iflag & IUCLC));
	ck_assert(t.c_cflag & HUPCL);
	ck_assert(!(t.c_cflag & (CLOCAL | CRTSCTS)));
	termios_for_login(&fs, CLOCAL | CRTSCTS, true, '\b', &t);
	ck_assert_uint_eq(t.c_cc[VERASE], '\b');
	ck_assert(t.c_iflag & IUCLC);
	ck_assert(t.c_oflag & OLCUC);
	ck_assert(t.c_lflag & XCASE);
	ck_assert(t.c_cflag & CLOCAL);
	ck_assert(t.c_cflag & CRTSCTS);
}
END_TEST

/* Linux folds input to lower case (IUCLC) only while IEXTEN is on: a
 * password typed in capitals must reach login in lower case also when
 * the final flags, like SANE, leave IEXTEN out. */
START_TEST(test_uppercase_mode_has_iexten)
{
	struct flagset fs;
	char err[64];
	ck_assert(flagset_parse("SANE", &fs, err, sizeof(err)));
	ck_assert(!(sane_flags[FLAG_LFLAG] & IEXTEN));
	struct termios t;
	memset(&t, 0, sizeof(t));
	termios_for_login(&fs, 0, true, 0, &t);
	ck_assert(t.c_iflag & IUCLC);
	ck_assert(t.c_lflag & IEXTEN);
	/* Not in upper-case mode: the final flags alone say. */
	termios_for_login(&fs, 0, false, 0, &t);
	ck_assert(!(t.c_lflag & IEXTEN));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("linemodes");
	TCase *tc = tcase_create("modes");
	tcase_add_test(tc, test_reading_mode);
	tcase_add_test(tc, test_login_mode);
	tcase_add_test(tc, test_uppercase_mode_has_iexten);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
