/*
 * Unit tests of how an entry's process field becomes an argv
 * (command.c), run in check_inittab's program on its parser fixture.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "command.h"
#include "inittab.h"
#include "inittab_fixture.h"

static char **argv_for(const char *line, const char *initscript)
{
	char **argv = NULL;
	ck_assert_int_eq(parse(line), 0);
	ck_assert_int_eq(command_argv(&tab.entries[tab.count - 1], initscript, &argv), 0);
	return argv;
}

START_TEST(command_split_on_blanks)
{
	char **argv = argv_for("x:2:once:  /sbin/getty \t38400   tty1 \n", NULL);
	ck_assert_str_eq(argv[0], "/sbin/getty");
	ck_assert_str_eq(argv[1], "38400");
	ck_assert_str_eq(argv[2], "tty1");
	ck_assert_ptr_null(argv[3]);
	command_free(argv);
}
END_TEST

START_TEST(command_shell_metacharacters)
{
	static const char meta[] = "~`!$^&*()=|\\{}[];\"'<>?";
	for (const char *m = meta; *m; m++) {
		char line[64];
		setup();
		snprintf(line, sizeof(line), "x:2:once:/bin/echo a%cb\n", *m);
		char **argv = argv_for(line, NULL);
		ck_assert_str_eq(argv[0], "/bin/sh");
		ck_assert_str_eq(argv[1], "-c");
		char want[64];
		snprintf(want, sizeof(want), "exec /bin/echo a%cb", *m);
		ck_assert_str_eq(argv[2], want);
		ck_assert_ptr_null(argv[3]);
		command_free(argv);
		teardown();
	}
}
END_TEST

START_TEST(command_initscript)
{
	char **argv = argv_for("ab:23:respawn:/sbin/getty tty1 > /dev/null\n", "/etc/initscript");
	/* $2 is the entry's runlevels field, as sysvinit passes it. */
	const char *want[] = { "/bin/sh", "/etc/initscript", "ab", "23", "respawn",
			       "/sbin/getty tty1 > /dev/null", NULL };
	for (size_t i = 0; i < 7; i++) {
		if (want[i])
			ck_assert_str_eq(argv[i], want[i]);
		else
			ck_assert_ptr_null(argv[i]);
	}
	command_free(argv);
}
END_TEST

/* $2 for fields sysvinit fills in itself. */
START_TEST(command_initscript_default_levels)
{
	static const struct { const char *line, *levels; } cases[] = {
		{ "x::respawn:/r\n", "0123456789" },
		{ "x::powerwait:/p\n", "S0123456789" },
		{ "x::ctrlaltdel:/c\n", "S0123456789" },
		{ "x::kbrequest:/k\n", "0123456789" },
		{ "x::sysinit:/s\n", "#" },
		{ "x:2:bootwait:/b\n", "*" },
		{ "x:s:wait:/w\n", "s" },
		{ "x:2:once:@/bin/echo $y\n", "2" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		teardown();
		setup();
		char **argv = argv_for(cases[i].line, "/etc/initscript");
		ck_assert_str_eq(argv[3], cases[i].levels);
		if (i == 7)     /* '@' is init's to read, not the script's */
			ck_assert_str_eq(argv[5], "/bin/echo $y");
		command_free(argv);
	}
}
END_TEST

/* '#' ends the command where no shell is needed, as in sysvinit: a '#'
 * that begins a word leaves an empty word (echo prints "hello "). */
START_TEST(command_hash_ends_words)
{
	char **argv = argv_for("x:2:once:/bin/echo hello # greet\n", NULL);
	ck_assert_str_eq(argv[0], "/bin/echo");
	ck_assert_str_eq(argv[1], "hello");
	ck_assert_str_eq(argv[2], "");
	ck_assert_ptr_null(argv[3]);
	command_free(argv);
	teardown();
	setup();
	argv = argv_for("x:2:once:/bin/echo a#b c\n", NULL);
	ck_assert_str_eq(argv[1], "a");
	ck_assert_ptr_null(argv[2]);
	command_free(argv);
}
END_TEST

/* '@' (also after '+'): the words as written, no shell. */
START_TEST(command_at_means_no_shell)
{
	char **argv = argv_for("x:2:once:@/bin/echo x$y (z)\n", NULL);
	ck_assert_str_eq(argv[0], "/bin/echo");
	ck_assert_str_eq(argv[1], "x$y");
	ck_assert_str_eq(argv[2], "(z)");
	ck_assert_ptr_null(argv[3]);
	command_free(argv);
	teardown();
	setup();
	argv = argv_for("x:2:once:+@/bin/echo a|b\n", NULL);
	ck_assert(tab.entries[0].no_utmp);
	ck_assert_str_eq(argv[0], "/bin/echo");
	ck_assert_str_eq(argv[1], "a|b");
	command_free(argv);
}
END_TEST

START_TEST(command_many_words)
{
	char line[1024] = "x:2:once:/bin/echo";
	for (int i = 0; i < 100; i++)
		strcat(line, " w");
	char **argv = argv_for(line, NULL);
	size_t n = 0;
	while (argv[n])
		n++;
	ck_assert_uint_eq(n, 101);
	command_free(argv);
}
END_TEST

START_TEST(command_of_initdefault_fails)
{
	char **argv = (char **)1;
	ck_assert_int_eq(parse("id:2:initdefault:\n"), 0);
	ck_assert_int_eq(command_argv(&tab.entries[0], NULL, &argv), -1);
	ck_assert_ptr_null(argv);
}
END_TEST

TCase *command_tcase(void)
{
	TCase *tc = tcase_create("command");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, command_split_on_blanks);
	tcase_add_test(tc, command_shell_metacharacters);
	tcase_add_test(tc, command_initscript);
	tcase_add_test(tc, command_initscript_default_levels);
	tcase_add_test(tc, command_hash_ends_words);
	tcase_add_test(tc, command_at_means_no_shell);
	tcase_add_test(tc, command_many_words);
	tcase_add_test(tc, command_of_initdefault_fails);
	return tc;
}
