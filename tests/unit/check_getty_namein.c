/* Unit tests: reading a login name (echo, erase, kill, BREAK, checks). */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "namein.h"
#include "run_suite.h"

static struct name_reader r;
static char echoed[2048];
static size_t echoed_len;

/* Feed bytes; returns the event of the last one (or the first event that
 * is not NAME_MORE, which must be at the last byte). */
static enum name_event feed(const char *bytes, size_t n)
{
	enum name_event ev = NAME_MORE;
	echoed_len = 0;
	for (size_t i = 0; i < n; i++) {
		ck_assert_msg(ev == NAME_MORE, "event %d before byte %zu", ev, i);
		ev = name_reader_feed(&r, (unsigned char)bytes[i]);
		ck_assert_uint_lt(echoed_len + r.echo_len, sizeof(echoed));
		memcpy(echoed + echoed_len, r.echo, r.echo_len);
		echoed_len += r.echo_len;
	}
	echoed[echoed_len] = '\0';
	return ev;
}

#define FEED(s) feed((s), sizeof(s) - 1)

static void setup(void)
{
	name_reader_init(&r, false);
}

START_TEST(test_plain_name)
{
	ck_assert_int_eq(FEED("alice\r"), NAME_DONE);
	ck_assert_str_eq(r.name, "alice");
	ck_assert_str_eq(echoed, "alice\n");
	ck_assert(!r.uppercase);
	ck_assert_uint_eq(r.erase_char, 0);
	ck_assert_int_eq(FEED("bob\n"), NAME_DONE);
	ck_assert_str_eq(r.name, "bob");
}
END_TEST

START_TEST(test_erase_and_kill)
{
	ck_assert_int_eq(FEED("alx\x7f"), NAME_MORE);
	ck_assert_str_eq(echoed, "alx\b \b");
	ck_assert_uint_eq(r.erase_char, 0x7f);
	ck_assert_int_eq(FEED("iX\b"), NAME_MORE);
	ck_assert_str_eq(echoed, "iX\b \b");
	ck_assert_uint_eq(r.erase_char, '\b');
	ck_assert_int_eq(FEED("ce\r"), NAME_DONE);
	ck_assert_str_eq(r.name, "alice");

	ck_assert_int_eq(FEED("xyz\x15"), NAME_MORE);
	ck_assert_str_eq(echoed, "xyz\b \b\b \b\b \b");
	ck_assert_int_eq(FEED("bob\r"), NAME_DONE);
	ck_assert_str_eq(r.name, "bob");
	/* Erase on an empty line does nothing visible. */
	ck_assert_int_eq(FEED("\x7f\x15"), NAME_MORE);
	ck_assert_str_eq(echoed, "");
}
END_TEST

START_TEST(test_erase_multibyte_and_control)
{
	/* é is two bytes and one column; ^A shows as two columns. */
	ck_assert_int_eq(FEED("jos\xc3\xa9\x7f"), NAME_MORE);
	ck_assert_str_eq(echoed, "jos\xc3\xa9\b \b");
	ck_assert_int_eq(FEED("e\x01\x7f\r"), NAME_DONE);
	ck_assert_str_eq(r.name, "jose");
	ck_assert_int_eq(FEED("n\xc3\xa9\r"), NAME_DONE);
	ck_assert_str_eq(r.name, "n\xc3\xa9");
}
END_TEST

START_TEST(test_refused_names)
{
	ck_assert_int_eq(FEED("-froot\r"), NAME_REFUSED);
	ck_assert_str_eq(r.problem, "a login name cannot start with '-'");
	ck_assert_int_eq(FEED("a\x01" "b\r"), NAME_REFUSED);
	ck_assert_str_eq(echoed, "a^Ab\n");
	ck_assert_str_eq(r.problem, "a login name cannot hold control characters");
	ck_assert_int_eq(FEED("a\x1b[A\r"), NAME_REFUSED);
	/* The reader starts over after a refusal. */
	ck_assert_int_eq(FEED("ok-name\r"), NAME_DONE);
	ck_assert_str_eq(r.name, "ok-name");
	ck_assert_ptr_null(name_problem("x-", 2));
	ck_assert_ptr_nonnull(name_problem("x\x7f", 2));
}
END_TEST

START_TEST(test_empty_and_eof)
{
	ck_assert_int_eq(FEED("\r"), NAME_EMPTY);
	ck_assert_int_eq(FEED("ab\x7f\x7f\r"), NAME_EMPTY);
	ck_assert_int_eq(FEED("\x04"), NAME_EOF);
	/* ^D inside a name is just a control character. */
	ck_assert_int_eq(FEED("a\x04\r"), NAME_REFUSED);
}
END_TEST

START_TEST(test_break_nul)
{
	ck_assert_int_eq(FEED("mal\0"), NAME_BREAK);
	ck_assert_int_eq(FEED("eve\r"), NAME_DONE);
	ck_assert_str_eq(r.name, "eve");
}
END_TEST

START_TEST(test_break_parmrk)
{
	name_reader_init(&r, true);
	/* \377 \0 \0: BREAK. */
	ck_assert_int_eq(feed("ab\377\0\0", 5), NAME_BREAK);
	/* \377 \0 X: framing error, also the wrong speed. */
	ck_assert_int_eq(feed("\377\0x", 3), NAME_BREAK);
	/* \377 \377: a real \377 byte. */
	ck_assert_int_eq(feed("a\377\377b\r", 5), NAME_DONE);
	ck_assert_str_eq(r.name, "a\377b");
}
END_TEST

START_TEST(test_uppercase)
{
	ck_assert_int_eq(FEED("ALICE\r"), NAME_DONE);
	ck_assert(r.uppercase);
	ck_assert_str_eq(r.name, "alice");
	ck_assert_int_eq(FEED("BOB2_X\r"), NAME_DONE);
	ck_assert(r.uppercase);
	ck_assert_str_eq(r.name, "bob2_x");
	ck_assert_int_eq(FEED("Alice\r"), NAME_DONE);
	ck_assert(!r.uppercase);
	ck_assert_str_eq(r.name, "Alice");
	ck_assert_int_eq(FEED("1234\r"), NAME_DONE);
	ck_assert(!r.uppercase);
}
END_TEST

START_TEST(test_overflow)
{
	/* Past the limit the rest is dropped with one bell; the name is
	 * refused, and the next one starts clean. */
	char many[NAME_MAX_LEN + 10];
	memset(many, 'x', sizeof(many));
	ck_assert_int_eq(feed(many, sizeof(many)), NAME_MORE);
	ck_assert_uint_eq(echoed_len, NAME_MAX_LEN + 1);
	ck_assert_int_eq(echoed[echoed_len - 1], '\a');
	ck_assert_int_eq(FEED("\r"), NAME_REFUSED);
	ck_assert_ptr_nonnull(strstr(r.problem, "too long"));
	ck_assert_ptr_nonnull(strstr(r.problem, "64"));
	ck_assert_int_eq(FEED("bob\r"), NAME_DONE);
	ck_assert_str_eq(r.name, "bob");

	/* Exactly the limit is a name. */
	ck_assert_int_eq(feed(many, NAME_MAX_LEN), NAME_MORE);
	ck_assert_int_eq(FEED("\r"), NAME_DONE);
	ck_assert_uint_eq(strlen(r.name), NAME_MAX_LEN);
}
END_TEST

START_TEST(test_overflow_flood)
{
	/* A megabyte without a newline: one bell in all, then refused. */
	size_t bells = 0, other = 0;
	for (long i = 0; i < 1L << 20; i++) {
		ck_assert_int_eq(name_reader_feed(&r, 'x'), NAME_MORE);
		for (size_t j = 0; j < r.echo_len; j++) {
			if (r.echo[j] == '\a')
				bells++;
			else
				other++;
		}
	}
	ck_assert_uint_eq(bells, 1);
	ck_assert_uint_eq(other, NAME_MAX_LEN);
	ck_assert_int_eq(FEED("\r"), NAME_REFUSED);
}
END_TEST

START_TEST(test_overflow_erased)
{
	/* After an erase the screen and the name agree again: it counts. */
	char many[NAME_MAX_LEN + 3];
	memset(many, 'y', sizeof(many));
	ck_assert_int_eq(feed(many, sizeof(many)), NAME_MORE);
	ck_assert_int_eq(FEED("\x7f\r"), NAME_DONE);
	ck_assert_uint_eq(strlen(r.name), NAME_MAX_LEN - 1);
	/* Kill clears it too, and so does a BREAK. */
	ck_assert_int_eq(feed(many, sizeof(many)), NAME_MORE);
	ck_assert_int_eq(FEED("\x15zed\r"), NAME_DONE);
	ck_assert_str_eq(r.name, "zed");
	ck_assert_int_eq(feed(many, sizeof(many)), NAME_MORE);
	ck_assert_int_eq(FEED("\0"), NAME_BREAK);
	ck_assert_int_eq(FEED("amy\r"), NAME_DONE);
	ck_assert_str_eq(r.name, "amy");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("namein");
	TCase *tc = tcase_create("namein");
	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_plain_name);
	tcase_add_test(tc, test_erase_and_kill);
	tcase_add_test(tc, test_erase_multibyte_and_control);
	tcase_add_test(tc, test_refused_names);
	tcase_add_test(tc, test_empty_and_eof);
	tcase_add_test(tc, test_break_nul);
	tcase_add_test(tc, test_break_parmrk);
	tcase_add_test(tc, test_uppercase);
	tcase_add_test(tc, test_overflow);
	tcase_add_test(tc, test_overflow_flood);
	tcase_add_test(tc, test_overflow_erased);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
