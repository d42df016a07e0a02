/*
 * Unit tests of the inittab parser (how a process field becomes an argv:
 * check_command.c).  Every diagnostic is captured so each test can say
 * exactly which message a line produces.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inittab.h"
#include "inittab_fixture.h"
#include "run_suite.h"

static char diags[64][600];
static size_t ndiags;
struct inittab tab;

static void collect(void *ctx, const char *msg)
{
	(void)ctx;
	if (ndiags < 64)
		snprintf(diags[ndiags++], sizeof(diags[0]), "%s", msg);
}

static int parse_as(const char *file, const char *text)
{
	return inittab_parse(&tab, file, text, strlen(text), collect, NULL);
}

int parse(const char *text)
{
	return parse_as("inittab", text);
}

void setup(void)
{
	ndiags = 0;
	inittab_init(&tab);
}

void teardown(void)
{
	inittab_free(&tab);
}

/* Parse one line that must be rejected, and check the one message. */
static void rejects(const char *text, const char *msg)
{
	ck_assert_int_eq(parse(text), 1);
	ck_assert_uint_eq(ndiags, 1);
	ck_assert_str_eq(diags[0], msg);
	ck_assert_uint_eq(tab.count, 0);
}

START_TEST(parses_fields)
{
	ck_assert_int_eq(parse("# comment\n\n  \t\n"
			       "si::sysinit:/etc/init.d/rcS\n"
			       "1:2345:respawn:/sbin/getty 38400 tty1\n"), 0);
	ck_assert_uint_eq(ndiags, 0);
	ck_assert_uint_eq(tab.count, 2);
	const struct entry *e = &tab.entries[0];
	ck_assert_str_eq(e->id, "si");
	ck_assert(!e->levels_given);
	/* As sysvinit: an empty field means 0-9, not single user. */
	ck_assert_uint_eq(e->levels, LEVELS_ALL_DIGITS);
	ck_assert_int_eq(e->action, ACT_SYSINIT);
	ck_assert_str_eq(e->process, "/etc/init.d/rcS");
	ck_assert_uint_eq(e->line, 4);
	ck_assert_str_eq(e->file, "inittab");
	e = &tab.entries[1];
	ck_assert(e->levels_given);
	ck_assert_uint_eq(e->levels, LEVEL_BIT(2) | LEVEL_BIT(3) | LEVEL_BIT(4) | LEVEL_BIT(5));
	ck_assert_int_eq(e->action, ACT_RESPAWN);
	ck_assert_str_eq(e->process, "/sbin/getty 38400 tty1");
	ck_assert_uint_eq(e->line, 5);
}
END_TEST

START_TEST(every_action_name)
{
	for (unsigned a = 0; a < ACT__COUNT; a++) {
		const char *name = action_name((enum action)a);
		ck_assert_ptr_nonnull(name);
		ck_assert_int_eq(action_from_name(name), a);
		char line[64];
		setup();
		snprintf(line, sizeof(line), "x:%s:%s:/bin/true\n",
			 a == ACT_INITDEFAULT ? "3" : "2", name);
		ck_assert_int_eq(parse(line), 0);
		ck_assert_uint_eq(tab.count, 1);
		ck_assert_int_eq(tab.entries[0].action, a);
		teardown();
	}
	ck_assert_int_eq(action_from_name("respwn"), ACT__COUNT);
	/* As sysvinit (strcasecmp): any case. */
	ck_assert_int_eq(action_from_name("Respawn"), ACT_RESPAWN);
	ck_assert_int_eq(action_from_name("ONDEMAND"), ACT_ONDEMAND);
	ck_assert_ptr_null(action_name(ACT__COUNT));
}
END_TEST

/* Every question the machine asks of an action, as the table answers
 * it: the actions that have each property, in table order. */
START_TEST(action_properties)
{
	static const struct { unsigned prop; const char *actions; } want[] = {
		{ AP_SYSINIT, "sysinit" },
		{ AP_BOOTSTAGE, "boot bootwait" },
		{ AP_LINGERS, "boot" },
		{ AP_WAITED, "sysinit bootwait wait powerwait powerokwait powerfailnow ctrlaltdel" },
		{ AP_ONDEMAND, "ondemand" },
		{ AP_SETTING, "initdefault" },
		{ AP_S_BY_DEFAULT, "powerwait powerfail powerokwait powerfailnow ctrlaltdel" },
		{ AP_ON_POWERFAIL, "powerwait powerfail" },
		{ AP_ON_POWERLOW, "powerfailnow" },
		{ AP_ON_POWEROK, "powerokwait" },
		{ AP_ON_CTRLALTDEL, "ctrlaltdel" },
		{ AP_ON_KBREQUEST, "kbrequest" },
	};

	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		char got[256] = "";
		for (unsigned a = 0; a < ACT__COUNT; a++) {
			if (!action_is((enum action)a, want[i].prop))
				continue;
			if (*got)
				strcat(got, " ");
			strcat(got, action_name((enum action)a));
		}
		ck_assert_str_eq(got, want[i].actions);
	}
}
END_TEST

START_TEST(runlevel_letters)
{
	ck_assert_int_eq(parse("a:0123456789:wait:/x\nb:Ss:wait:/x\nc:abc:ondemand:/x\n"
			       "d:ABC:ondemand:/x\n"), 0);
	ck_assert_uint_eq(tab.entries[0].levels, LEVELS_ALL_DIGITS);
	ck_assert_uint_eq(tab.entries[1].levels, LEVEL_S_BIT);
	ck_assert_uint_eq(tab.entries[2].levels, LEVELS_ONDEMAND);
	ck_assert_uint_eq(tab.entries[3].levels, LEVELS_ONDEMAND);
	char buf[16];
	levels_format(LEVEL_BIT(2) | LEVEL_BIT(5) | LEVEL_S_BIT | LEVEL_B_BIT, buf, sizeof(buf));
	ck_assert_str_eq(buf, "25Sb");
	levels_format(0, buf, sizeof(buf));
	ck_assert_str_eq(buf, "");
	ck_assert_uint_eq(level_bit('3'), LEVEL_BIT(3));
	ck_assert_uint_eq(level_bit('s'), LEVEL_S_BIT);
	ck_assert_uint_eq(level_bit('a'), 0);
	ck_assert_uint_eq(level_bit('x'), 0);
}
END_TEST

START_TEST(initdefault)
{
	ck_assert_int_eq(parse("id:3:initdefault:\n"), 0);
	ck_assert_int_eq(tab.initdefault, '3');
	ck_assert_uint_eq(tab.count, 1);
	ck_assert_str_eq(tab.entries[0].process, "");
	teardown();
	setup();
	ck_assert_int_eq(parse("id:s:initdefault:\n"), 0);
	ck_assert_int_eq(tab.initdefault, 'S');
	teardown();
	setup();
	/* Several levels: the highest, as sysvinit (S above the digits). */
	ck_assert_int_eq(parse("id:23:initdefault:\n"), 0);
	ck_assert_int_eq(tab.initdefault, '3');
	teardown();
	setup();
	ck_assert_int_eq(parse("id:5s2:initdefault:\n"), 0);
	ck_assert_int_eq(tab.initdefault, 'S');
	teardown();
	setup();
	rejects("id:2a:initdefault:\n",
		"inittab:1: runlevels field \"2a\": initdefault takes runlevels 0-9 or S");
	ck_assert_int_eq(tab.initdefault, 0);
	teardown();
	setup();
	rejects("id::initdefault:\n",
		"inittab:1: runlevels field \"\": initdefault needs a runlevel (0-9 or S)");
	teardown();
	setup();
	ck_assert_int_eq(parse("id:2:initdefault:\nix:5:initdefault:\n"), 1);
	ck_assert_str_eq(diags[0], "inittab:2: another initdefault (runlevel 2 is already the default): line skipped");
	ck_assert_int_eq(tab.initdefault, '2');
}
END_TEST

START_TEST(plus_means_no_utmp)
{
	ck_assert_int_eq(parse("1:2:respawn:+/sbin/getty tty1\n2:2:respawn:/sbin/getty tty2\n"), 0);
	ck_assert(tab.entries[0].no_utmp);
	ck_assert_str_eq(tab.entries[0].process, "/sbin/getty tty1");
	ck_assert(!tab.entries[1].no_utmp);
}
END_TEST

START_TEST(process_keeps_colons)
{
	ck_assert_int_eq(parse("x:2:once:echo a:b:c >/tmp/f\n"), 0);
	ck_assert_str_eq(tab.entries[0].process, "echo a:b:c >/tmp/f");
}
END_TEST

START_TEST(continuation_lines)
{
	ck_assert_int_eq(parse("# first\n"
			       "x:2:once:/bin/echo one \\\n"
			       "two \\\n"
			       "three\n"
			       "y:2:once:/y\n"), 0);
	ck_assert_uint_eq(tab.count, 2);
	ck_assert_str_eq(tab.entries[0].process, "/bin/echo one two three");
	ck_assert_uint_eq(tab.entries[0].line, 2);
	ck_assert_uint_eq(tab.entries[1].line, 5);
	teardown();
	setup();
	/* A continued line that is bad is reported at its first line. */
	ck_assert_int_eq(parse("\nx:2:\\\nrespwn:/x\n"), 1);
	ck_assert_str_eq(diags[0], "inittab:2: unknown action \"respwn\"");
	teardown();
	setup();
	/* A comment never continues onto the entry below it. */
	ck_assert_int_eq(parse("# see below \\\nz:2:once:/z\n"), 0);
	ck_assert_ptr_nonnull(inittab_find(&tab, "z"));
	teardown();
	setup();
	/* A backslash on the last line of a file has nothing to join. */
	ck_assert_int_eq(parse("x:2:once:/x \\"), 0);
	ck_assert_str_eq(tab.entries[0].process, "/x");
}
END_TEST

START_TEST(dos_line_ends_and_blanks)
{
	ck_assert_int_eq(parse("x:2:once:/x  \r\n  y:2:once:/y\r\n"), 0);
	ck_assert_uint_eq(tab.count, 2);
	ck_assert_str_eq(tab.entries[0].process, "/x");
	ck_assert_str_eq(tab.entries[1].id, "y");
}
END_TEST

START_TEST(no_final_newline)
{
	ck_assert_int_eq(parse("x:2:once:/x"), 0);
	ck_assert_str_eq(tab.entries[0].process, "/x");
}
END_TEST

START_TEST(error_missing_fields)
{
	rejects("garbage\n",
		"inittab:1: missing runlevels field (expected id:runlevels:action:process)");
	teardown(); setup();
	rejects("x:2\n", "inittab:1: missing action field (expected id:runlevels:action:process)");
	teardown(); setup();
	rejects("x:2:once\n", "inittab:1: missing process field (expected id:runlevels:action:process)");
	teardown(); setup();
	rejects("x:2:once:\n", "inittab:1: missing process field");
	teardown(); setup();
	rejects("x:2:once:+  \n", "inittab:1: missing process field");
	teardown(); setup();
	rejects(":2:once:/x\n", "inittab:1: missing id field");
	teardown(); setup();
	rejects("x:2::/x\n", "inittab:1: missing action field");
}
END_TEST

START_TEST(error_id)
{
	rejects("abcde:2:once:/x\n", "inittab:1: id field \"abcde\" too long (max 4 characters)");
	teardown(); setup();
	rejects("a b:2:once:/x\n", "inittab:1: id field \"a b\" holds a blank or control character");
	teardown(); setup();
	rejects("a\tb:2:once:/x\n", "inittab:1: id field \"a?b\" holds a blank or control character");
	teardown(); setup();
	ck_assert_int_eq(parse("~~:S:wait:/sbin/sulogin\nabcd:2:once:/x\n"), 0);
	ck_assert_uint_eq(tab.count, 2);
}
END_TEST

START_TEST(error_runlevels)
{
	rejects("x:23x:once:/x\n",
		"inittab:1: runlevels field \"23x\": 'x' is not a runlevel (use 0-9, S, a, b, c)");
	teardown(); setup();
	rejects("x:2 3:once:/x\n",
		"inittab:1: runlevels field \"2 3\": ' ' is not a runlevel (use 0-9, S, a, b, c)");
	teardown(); setup();
	rejects("x:012345678901:once:/x\n",
		"inittab:1: runlevels field \"012345678901\" too long (max 11 characters)");
}
END_TEST

START_TEST(error_action)
{
	rejects("x:2:respwn:/x\n", "inittab:1: unknown action \"respwn\"");
	teardown(); setup();
	rejects("x:2:respawn :/x\n", "inittab:1: unknown action \"respawn \"");
	teardown(); setup();
	rejects("x:2:averyveryverylongactionname:/x\n",
		"inittab:1: unknown action \"averyveryverylongactionname\"");
}
END_TEST

START_TEST(error_process_length)
{
	char *line = malloc(INITTAB_PROCESS_MAX + 64);
	ck_assert_ptr_nonnull(line);
	strcpy(line, "x:2:once:");
	size_t n = strlen(line);
	memset(line + n, 'a', INITTAB_PROCESS_MAX);
	line[n + INITTAB_PROCESS_MAX] = '\0';
	ck_assert_int_eq(parse(line), 0);
	ck_assert_uint_eq(strlen(tab.entries[0].process), INITTAB_PROCESS_MAX);
	teardown(); setup();
	strcpy(line, "y:2:once:");
	memset(line + n, 'a', INITTAB_PROCESS_MAX + 1);
	line[n + INITTAB_PROCESS_MAX + 1] = '\0';
	rejects(line, "inittab:1: process field too long (4097 characters, max 4096)");
	free(line);
}
END_TEST

START_TEST(error_control_bytes)
{
	static const char text[] = "x:2:once:/x\0y\n";
	ck_assert_int_eq(inittab_parse(&tab, "inittab", text, sizeof(text) - 1, collect, NULL), 1);
	ck_assert_str_eq(diags[0], "inittab:1: line contains a NUL byte");
	teardown(); setup();
	rejects("x:2:once:/x\033[2J\n", "inittab:1: process field holds a control character");
	teardown(); setup();
	ck_assert_int_eq(parse("x:2:once:/x\targ\n"), 0);
}
END_TEST

START_TEST(bad_line_is_skipped_rest_used)
{
	ck_assert_int_eq(parse("a:2:once:/a\nb:2:respwn:/b\nc:2:once:/c\n"), 1);
	ck_assert_uint_eq(tab.count, 2);
	ck_assert_str_eq(tab.entries[0].id, "a");
	ck_assert_str_eq(tab.entries[1].id, "c");
	ck_assert_uint_eq(tab.errors, 1);
}
END_TEST

START_TEST(duplicate_id_keeps_first_across_files)
{
	ck_assert_int_eq(parse_as("/etc/inittab", "a:2:once:/first\n"), 0);
	ck_assert_int_eq(parse_as("/etc/inittab.d/x.tab", "\na:3:once:/second\nb:3:once:/b\n"), 1);
	ck_assert_str_eq(diags[0], "/etc/inittab.d/x.tab:2: id field \"a\" duplicates the entry "
			 "at /etc/inittab:1: line skipped");
	ck_assert_uint_eq(tab.count, 2);
	ck_assert_str_eq(inittab_find(&tab, "a")->process, "/first");
	ck_assert_str_eq(inittab_find(&tab, "b")->file, "/etc/inittab.d/x.tab");
	ck_assert_ptr_null(inittab_find(&tab, "zz"));
}
END_TEST

START_TEST(garbage_is_contained)
{
	/* Binary noise: every line is reported, nothing is accepted, and the
	 * messages stay printable. */
	char text[4096];
	unsigned x = 12345;
	for (size_t i = 0; i < sizeof(text); i++) {
		x = x * 1103515245u + 12345u;
		text[i] = (char)(x >> 16);
	}
	ck_assert_int_ge(inittab_parse(&tab, "inittab", text, sizeof(text), collect, NULL), 0);
	for (size_t i = 0; i < ndiags; i++)
		for (const char *c = diags[i]; *c; c++)
			ck_assert_int_ge((unsigned char)*c, 0x20);
}
END_TEST

START_TEST(long_garbage_is_quoted_short)
{
	char line[600];
	memset(line, 'z', 300);
	strcpy(line + 300, ":2:once:/x\n");
	ck_assert_int_eq(parse(line), 1);
	ck_assert_int_lt(strlen(diags[0]), 120);
	ck_assert_ptr_nonnull(strstr(diags[0], "...\" too long"));
}
END_TEST

START_TEST(entry_same_compares_what_runs)
{
	ck_assert_int_eq(parse_as("a", "x:2:respawn:/x\n"), 0);
	struct inittab other;
	inittab_init(&other);
	static const char text[] = "x:2:respawn:/x\ny:2:respawn:/x\n"
				   "z:3:respawn:/x\nw:2:respawn:+/x\n";
	ck_assert_int_eq(inittab_parse(&other, "b", text, sizeof(text) - 1, NULL, NULL), 0);
	ck_assert(entry_same(&tab.entries[0], &other.entries[0]));
	ck_assert(!entry_same(&tab.entries[0], &other.entries[1]));
	ck_assert(!entry_same(&other.entries[1], &other.entries[2]));
	ck_assert(!entry_same(&other.entries[0], &other.entries[3]));
	inittab_free(&other);
}
END_TEST

/* ---- Debian's stock inittab ----------------------------------------- */

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	char *buf = malloc(1 << 20);
	ck_assert_ptr_nonnull(buf);
	*len = fread(buf, 1, (1 << 20) - 1, f);
	fclose(f);
	return buf;
}

static void parses_clean(const char *relpath, size_t min_entries)
{
	const char *top = getenv("abs_top_srcdir");
	char path[4096];
	size_t len;
	snprintf(path, sizeof(path), "%s/%s", top ? top : ".", relpath);
	char *text = slurp(path, &len);
	int r = inittab_parse(&tab, path, text, len, collect, NULL);
	free(text);
	for (size_t i = 0; i < ndiags; i++)
		fprintf(stderr, "%s\n", diags[i]);
	ck_assert_int_eq(r, 0);
	ck_assert_uint_ge(tab.count, min_entries);
	ck_assert_int_ne(tab.initdefault, 0);
}

START_TEST(debian_stock_inittab)
{
	parses_clean("tests/integration/data/debian-inittab", 15);
	ck_assert_int_eq(tab.initdefault, '2');
	const struct entry *e = inittab_find(&tab, "~~");
	ck_assert_ptr_nonnull(e);
	ck_assert_int_eq(e->action, ACT_WAIT);
	ck_assert_uint_eq(e->levels, LEVEL_S_BIT);
	e = inittab_find(&tab, "1");
	ck_assert_ptr_nonnull(e);
	ck_assert_int_eq(e->action, ACT_RESPAWN);
	ck_assert_ptr_nonnull(strstr(e->process, "getty"));
}
END_TEST

START_TEST(shipped_example_inittab)
{
	parses_clean("etc/inittab", 10);
}
END_TEST

static Suite *inittab_suite(void)
{
	Suite *s = suite_create("inittab");
	TCase *tc = tcase_create("parser");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, parses_fields);
	tcase_add_test(tc, every_action_name);
	tcase_add_test(tc, action_properties);
	tcase_add_test(tc, runlevel_letters);
	tcase_add_test(tc, initdefault);
	tcase_add_test(tc, plus_means_no_utmp);
	tcase_add_test(tc, process_keeps_colons);
	tcase_add_test(tc, continuation_lines);
	tcase_add_test(tc, dos_line_ends_and_blanks);
	tcase_add_test(tc, no_final_newline);
	tcase_add_test(tc, error_missing_fields);
	tcase_add_test(tc, error_id);
	tcase_add_test(tc, error_runlevels);
	tcase_add_test(tc, error_action);
	tcase_add_test(tc, error_process_length);
	tcase_add_test(tc, error_control_bytes);
	tcase_add_test(tc, bad_line_is_skipped_rest_used);
	tcase_add_test(tc, duplicate_id_keeps_first_across_files);
	tcase_add_test(tc, garbage_is_contained);
	tcase_add_test(tc, long_garbage_is_quoted_short);
	tcase_add_test(tc, entry_same_compares_what_runs);
	suite_add_tcase(s, tc);

	suite_add_tcase(s, command_tcase());

	tc = tcase_create("real files");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, debian_stock_inittab);
	tcase_add_test(tc, shipped_example_inittab);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(inittab_suite());
}
