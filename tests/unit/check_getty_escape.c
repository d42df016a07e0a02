/* Unit tests: /etc/issue and prompt substitutions, field unescaping. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "run_suite.h"

static struct escape_values values(void)
{
	struct escape_values v;
	memset(&v, 0, sizeof(v));
	v.line = "ttyS0";
	v.nodename = "alpha";
	v.sysname = "Linux";
	v.release = "6.1.0-18-amd64";
	v.version = "#1 SMP Debian";
	v.machine = "x86_64";
	v.domainname = "example.net";
	v.speed = 38400;
	v.users = 3;
	v.now.tm_year = 126;	/* 2026-03-05 07:08:09, a Thursday */
	v.now.tm_mon = 2;
	v.now.tm_mday = 5;
	v.now.tm_wday = 4;
	v.now.tm_hour = 7;
	v.now.tm_min = 8;
	v.now.tm_sec = 9;
	return v;
}

static char *expand(const char *text, enum expand_mode mode, const struct escape_values *v)
{
	static char keep[1024];
	size_t len;
	char *out = escape_expand(text, strlen(text), mode, v, &len);
	ck_assert_ptr_nonnull(out);
	ck_assert_uint_eq(len, strlen(out));
	ck_assert_uint_lt(len, sizeof(keep));
	memcpy(keep, out, len + 1);
	free(out);
	return keep;
}

START_TEST(test_issue_escapes)
{
	struct escape_values v = values();
	ck_assert_str_eq(expand("\\l|\\n|\\s|\\r|\\m|\\o", EXPAND_ISSUE, &v),
			 "ttyS0|alpha|Linux|6.1.0-18-amd64|x86_64|example.net");
	ck_assert_str_eq(expand("\\d \\t", EXPAND_ISSUE, &v), "Thu Mar  5 2026 07:08:09");
	ck_assert_str_eq(expand("\\u/\\U", EXPAND_ISSUE, &v), "3/3 users");
	v.users = 1;
	ck_assert_str_eq(expand("\\U", EXPAND_ISSUE, &v), "1 user");
	ck_assert_str_eq(expand("\\v at \\b", EXPAND_ISSUE, &v), "#1 SMP Debian at 38400");
	ck_assert_str_eq(expand("a\\\\b \\q \\", EXPAND_ISSUE, &v), "a\\b \\q \\");
	v.domainname = "";
	ck_assert_str_eq(expand("[\\o]", EXPAND_ISSUE, &v), "[(none)]");
	v.nodename = NULL;
	ck_assert_str_eq(expand("[\\n]", EXPAND_ISSUE, &v), "[]");
}
END_TEST

START_TEST(test_at_escapes)
{
	struct escape_values v = values();
	ck_assert_str_eq(expand("@S @L @B @V @U @@", EXPAND_PROMPT, &v),
			 "alpha ttyS0 38400 6.1.0-18-amd64 3 @");
	ck_assert_str_eq(expand("@D @T", EXPAND_PROMPT, &v), "Thu Mar  5 2026 07:08:09");
	/* Unknown @ sequences and a trailing @ stay as they are. */
	ck_assert_str_eq(expand("me@x.org @", EXPAND_PROMPT, &v), "me@x.org @");
	/* The prompt's backslashes were decoded when it was parsed. */
	ck_assert_str_eq(expand("\\n@S", EXPAND_PROMPT, &v), "\\nalpha");
	/* /etc/issue takes both kinds. */
	ck_assert_str_eq(expand("\\n @L", EXPAND_ISSUE, &v), "alpha ttyS0");
	v.speed = -1;
	ck_assert_str_eq(expand("[@B]", EXPAND_PROMPT, &v), "[]");
}
END_TEST

START_TEST(test_binary_safe)
{
	struct escape_values v = values();
	static const char text[] = "a\0@L";
	size_t len;
	char *out = escape_expand(text, sizeof(text) - 1, EXPAND_PROMPT, &v, &len);
	ck_assert_ptr_nonnull(out);
	ck_assert_uint_eq(len, 7);
	ck_assert_mem_eq(out, "a\0ttyS0", 7);
	free(out);
	out = escape_expand("", 0, EXPAND_ISSUE, &v, &len);
	ck_assert_ptr_nonnull(out);
	ck_assert_uint_eq(len, 0);
	free(out);
}
END_TEST

START_TEST(test_long_expansion)
{
	struct escape_values v = values();
	char text[2001];
	for (size_t i = 0; i < 1000; i++)
		memcpy(text + 2 * i, "@L", 2);
	text[2000] = '\0';
	size_t len;
	char *out = escape_expand(text, 2000, EXPAND_PROMPT, &v, &len);
	ck_assert_ptr_nonnull(out);
	ck_assert_uint_eq(len, 5000);
	ck_assert_mem_eq(out + 4995, "ttyS0", 5);
	free(out);
}
END_TEST

START_TEST(test_unescape_field)
{
	char err[128];
	char *s = unescape_field("a\\tb\\#c\\\\\\r\\n\\b\\f\\v\\7\\77\\377", err, sizeof(err));
	ck_assert_ptr_nonnull(s);
	ck_assert_str_eq(s, "a\tb#c\\\r\n\b\f\v\a?\377");
	free(s);
	s = unescape_field("login: \\cignored", err, sizeof(err));
	ck_assert_str_eq(s, "login: ");
	free(s);
	ck_assert_ptr_null(unescape_field("x\\", err, sizeof(err)));
	ck_assert_str_eq(err, "backslash at the end of the field");
	ck_assert_ptr_null(unescape_field("\\z", err, sizeof(err)));
	ck_assert_str_eq(err, "unknown escape '\\z'");
	ck_assert_ptr_null(unescape_field("\\000", err, sizeof(err)));
	ck_assert_str_eq(err, "octal escape '\\000' out of range (\\001 to \\377)");
	ck_assert_ptr_null(unescape_field("\\777", err, sizeof(err)));
	ck_assert_str_eq(err, "octal escape '\\777' out of range (\\001 to \\377)");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("escape");
	TCase *tc = tcase_create("escape");
	tcase_add_test(tc, test_issue_escapes);
	tcase_add_test(tc, test_at_escapes);
	tcase_add_test(tc, test_binary_safe);
	tcase_add_test(tc, test_long_expansion);
	tcase_add_test(tc, test_unescape_field);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
