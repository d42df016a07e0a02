/*
 * Unit tests of the state machine: boot, single user and the questions asked then.
 */
#include "sm_world.h"

START_TEST(boot_runs_sysinit_then_boot_then_level)
{
	start_world("s1::sysinit:/s1\n"
		    "b1::boot:/b1\n"
		    "s2::sysinit:/s2\n"
		    "bw::bootwait:/bw\n"
		    "b2::boot:/b2\n"
		    "id:3:initdefault:\n"
		    "r:3:respawn:/r\n");
	boot(0);
	ck_assert_str_eq(spawn_order(), "s1");
	ck_assert_ptr_null(find(SM_UTMP_RUNLEVEL));
	ck_assert(sm_booting(w.sm));
	exit_pid(pid_of("s1"), 0, 10);
	ck_assert_str_eq(spawn_order(), "s2");
	ck_assert_ptr_null(find(SM_UTMP_BOOT));
	exit_pid(pid_of("s2"), 0, 20);
	/* After sysinit: the boot record, then boot entries up to bootwait. */
	ck_assert_ptr_nonnull(find(SM_UTMP_BOOT));
	ck_assert_str_eq(spawn_order(), "b1 bw");
	exit_pid(pid_of("bw"), 0, 30);
	ck_assert_str_eq(spawn_order(), "b2 r");
	const struct rec *rl = find(SM_UTMP_RUNLEVEL);
	ck_assert_ptr_nonnull(rl);
	ck_assert_int_eq(rl->level, '3');
	ck_assert_int_eq(rl->prev, 'N');
	ck_assert(logged("Entering runlevel: 3"));
	ck_assert_int_eq(sm_level(w.sm), '3');
	ck_assert(!sm_booting(w.sm));
	end_world();
}
END_TEST

START_TEST(sysinit_is_waited_and_gets_console)
{
	start_world("si::sysinit:/si\nid:2:initdefault:\n");
	boot(0);
	ck_assert_uint_eq(spawns("si"), 1);
	ck_assert(w.rec[0].ctty);
	tick(100000);
	ck_assert_uint_eq(spawns(NULL), 0);
	ck_assert(sm_booting(w.sm));
	end_world();
}
END_TEST

START_TEST(single_user_ends_into_default_level)
{
	start_world("id:2:initdefault:\n"
		    "a:2:respawn:/a\n"
		    "d::respawn:/d\n"
		    "su:S:wait:/sbin/sulogin\n");
	boot(0);
	pid_t a = pid_of("a"), d = pid_of("d");
	request('S', -1, NULL, 10);
	/* An empty levels field is 0-9: single user stops it too. */
	ck_assert_uint_eq(kills(a, SIGTERM), 1);
	ck_assert_uint_eq(kills(d, SIGTERM), 1);
	exit_pid(a, SIGTERM, 20);
	exit_pid(d, SIGTERM, 30);
	ck_assert_int_eq(sm_level(w.sm), 'S');
	pid_t su = pid_of("su");
	ck_assert_int_gt(su, 0);
	ck_assert(w.rec[find(SM_SPAWN) - w.rec].ctty);
	/* ^D at sulogin: on to the default level, not a dead console. */
	exit_pid(su, 0, 40);
	ck_assert_int_eq(sm_level(w.sm), '2');
	ck_assert_uint_eq(spawns("a"), 1);
	ck_assert_uint_eq(spawns("d"), 1);
	end_world();
}
END_TEST

START_TEST(single_user_stays_while_something_runs)
{
	start_world("id:2:initdefault:\n"
		    "su:S:wait:/sbin/sulogin\n"
		    "g:S:respawn:/getty\n");
	boot(0);
	request('S', -1, NULL, 10);
	exit_pid(pid_of("su"), 0, 20);
	ck_assert_int_eq(sm_level(w.sm), 'S');
	ck_assert_int_gt(pid_of("g"), 0);
	end_world();
}
END_TEST

/* As sysvinit's get_init_default: without an initdefault entry, the end
 * of single user asks the console for a level.  S starts single user
 * over; another level follows the boot entries when single user came at
 * boot, else it is entered from S. */
START_TEST(single_user_without_default_asks)
{
	start_world("bt::boot:/bt\n"
		    "su:S:wait:/sbin/sulogin\n"
		    "r:23:respawn:/r\n");
	boot_into('S', 0);
	ck_assert_str_eq(spawn_order(), "su");
	exit_pid(pid_of("su"), 0, 10);
	ck_assert_ptr_nonnull(find(SM_ASK_LEVEL));
	ck_assert(sm_asking(w.sm));
	ck_assert_uint_eq(spawns(NULL), 0);
	answer('S', 20);
	ck_assert(!sm_asking(w.sm));
	ck_assert_int_eq(sm_level(w.sm), 'S');
	ck_assert_str_eq(spawn_order(), "su");
	exit_pid(pid_of("su"), 0, 30);
	ck_assert(sm_asking(w.sm));
	answer('2', 40);
	ck_assert_str_eq(spawn_order(), "bt r");
	ck_assert_int_eq(sm_level(w.sm), '2');
	ck_assert_int_eq(find(SM_UTMP_RUNLEVEL)->prev, 'N');
	/* After boot: from S to the level typed. */
	request('S', -1, NULL, 50);
	exit_pid(pid_of("r"), SIGTERM, 60);
	ck_assert_str_eq(spawn_order(), "su");
	exit_pid(pid_of("su"), 0, 70);
	ck_assert(sm_asking(w.sm));
	answer('3', 80);
	ck_assert_int_eq(sm_level(w.sm), '3');
	ck_assert_int_eq(find(SM_UTMP_RUNLEVEL)->prev, 'S');
	ck_assert(logged("Entering runlevel: 3"));
	ck_assert_str_eq(spawn_order(), "r");
	end_world();
}
END_TEST

/* A telinit request while the console is asked at the end of single user
 * is what it is in single user, sysvinit's read_level: a change from S,
 * with inittab read again, and no boot entries (shutdown's telinit 6
 * must not run bootwait first).  Telinit S is an answer. */
START_TEST(telinit_while_asking_is_a_change_from_single)
{
	start_world("bw::bootwait:/bw\n"
		    "su:S:wait:/su\n"
		    "r:2:respawn:/r\n");
	boot_into('S', 0);
	exit_pid(pid_of("su"), 0, 10);
	ck_assert(sm_asking(w.sm));
	request('S', -1, NULL, 15);
	ck_assert_str_eq(spawn_order(), "su");
	exit_pid(pid_of("su"), 0, 18);
	ck_assert(sm_asking(w.sm));
	request_with('2', "bw::bootwait:/bw\n"
			  "su:S:wait:/su\n"
			  "r:2:respawn:/r\n"
			  "n:2:respawn:/n\n", 20);
	ck_assert(!sm_asking(w.sm));
	ck_assert_str_eq(spawn_order(), "r n");
	ck_assert_int_eq(sm_level(w.sm), '2');
	ck_assert(logged("Switching to runlevel: 2"));
	ck_assert_int_eq(find(SM_UTMP_RUNLEVEL)->level, '2');
	ck_assert_int_eq(find(SM_UTMP_RUNLEVEL)->prev, 'S');
	end_world();
}
END_TEST

/* A request while the boot entries run after single user at boot is
 * where the boot goes, as it is after sysinit. */
START_TEST(request_during_boot_after_single_user)
{
	start_world("bw::bootwait:/bw\n"
		    "su:S:wait:/su\n"
		    "r:3:respawn:/r\n");
	boot_into('S', 0);
	exit_pid(pid_of("su"), 0, 10);
	answer('3', 20);
	ck_assert_str_eq(spawn_order(), "bw");
	request('0', -1, NULL, 30);
	exit_pid(pid_of("bw"), 0, 40);
	ck_assert_int_eq(sm_level(w.sm), '0');
	ck_assert_uint_eq(spawns("r"), 0);
	end_world();
}
END_TEST

/* Single user with nothing of its own to run again, S answered: asked
 * again, as sysvinit; but when the console gave no answer at all, it
 * stays in single user, and asks no more until something ran in it. */
START_TEST(single_user_with_nothing_to_restart)
{
	start_world("g:S2:once:/g\n");
	boot_into('S', 0);
	ck_assert_str_eq(spawn_order(), "g");
	exit_pid(pid_of("g"), 0, 10);
	ck_assert(sm_asking(w.sm));
	request('S', -1, NULL, 20);
	ck_assert(sm_asking(w.sm));
	ck_assert_ptr_nonnull(find(SM_ASK_LEVEL));
	ck_assert_uint_eq(spawns(NULL), 0);
	struct sm_event none = { .type = SM_EV_REQUEST, .level = 'S', .no_answer = true,
				 .grace_ms = -1 };
	feed(&none, 30);
	ck_assert(!sm_asking(w.sm));
	ck_assert_int_eq(sm_level(w.sm), 'S');
	ck_assert_ptr_null(find(SM_ASK_LEVEL));
	ck_assert_uint_eq(spawns(NULL), 0);
	tick(40);
	ck_assert_uint_eq(w.nrec, 0);
	/* Whatever runs in single user next, its end asks again. */
	request('3', -1, NULL, 50);
	ck_assert_int_eq(sm_level(w.sm), '3');
	request('S', -1, NULL, 60);
	ck_assert_str_eq(spawn_order(), "g");
	exit_pid(pid_of("g"), 0, 70);
	ck_assert(sm_asking(w.sm));
	end_world();
}
END_TEST

/* As sysvinit: with a default level of S, single user starts over when
 * it ends.  Its own run-once entries (runlevels "S") run again, not those
 * of other levels too, through the respawn limit; boot entries never run. */
START_TEST(single_user_starts_over_when_default_is_s)
{
	int64_t t = 0;

	start_world("id:S:initdefault:\n"
		    "bt::boot:/bt\n"
		    "~~:S:wait:/sbin/sulogin\n"
		    "g:S:once:/g\n"
		    "x:S2:wait:/x\n");
	boot(t);
	ck_assert_str_eq(spawn_order(), "~~");
	exit_pid(pid_of("~~"), 0, ++t);
	ck_assert_str_eq(spawn_order(), "g x");
	exit_pid(pid_of("g"), 0, ++t);
	exit_pid(pid_of("x"), 0, ++t);
	ck_assert_str_eq(spawn_order(), "~~");
	ck_assert_int_eq(sm_level(w.sm), 'S');
	ck_assert(!logged("Entering runlevel"));
	for (int round = 2; round <= SM_RESPAWN_MAX; round++) {
		exit_pid(pid_of("~~"), 0, ++t);
		ck_assert_str_eq(spawn_order(), "g");
		exit_pid(pid_of("g"), 0, ++t);
		ck_assert_str_eq(spawn_order(), "~~");
	}
	/* A sulogin that cannot stay up does not spin. */
	exit_pid(pid_of("~~"), 0, ++t);
	exit_pid(pid_of("g"), 0, ++t);
	ck_assert(logged("respawning too fast"));
	ck_assert_uint_eq(spawns(NULL), 0);
	ck_assert_int_eq(sm_next_deadline(w.sm), t + SM_RESPAWN_PAUSE_MS);
	tick(t + SM_RESPAWN_PAUSE_MS);
	ck_assert_str_eq(spawn_order(), "~~");
	ck_assert_int_eq(sm_level(w.sm), 'S');
	end_world();
}
END_TEST

START_TEST(rc_scripts_get_console_only_at_boot_and_in_s)
{
	start_world("id:2:initdefault:\n"
		    "bw::bootwait:/bw\n"
		    "l2:2:wait:/rc2\n"
		    "ls:S:wait:/rcS\n");
	boot(0);
	ck_assert_str_eq(spawn_order(), "bw");
	ck_assert(w.rec[find(SM_SPAWN) - w.rec].ctty);
	exit_pid(pid_of("bw"), 0, 10);
	/* In level 2 an rc script's background daemons must survive it:
	 * no controlling terminal, so no hangup when it exits. */
	ck_assert_str_eq(spawn_order(), "l2");
	ck_assert(!w.rec[find(SM_SPAWN) - w.rec].ctty);
	exit_pid(pid_of("l2"), 0, 20);
	request('S', -1, NULL, 30);
	ck_assert_str_eq(spawn_order(), "ls");
	ck_assert(w.rec[find(SM_SPAWN) - w.rec].ctty);
	end_world();
}
END_TEST

START_TEST(no_initdefault_asks_console)
{
	start_world("r:2:respawn:/r\n");
	boot(0);
	ck_assert_ptr_nonnull(find(SM_ASK_LEVEL));
	ck_assert_uint_eq(spawns(NULL), 0);
	request('2', -1, NULL, 5);
	ck_assert_str_eq(spawn_order(), "r");
	ck_assert_int_eq(sm_level(w.sm), '2');
	end_world();
}
END_TEST

START_TEST(kernel_level_overrides_initdefault)
{
	start_world("id:2:initdefault:\nr2:2:respawn:/r2\nr5:5:respawn:/r5\n");
	boot_into('5', 0);
	ck_assert_str_eq(spawn_order(), "r5");
	ck_assert_int_eq(sm_level(w.sm), '5');
	end_world();
}
END_TEST

START_TEST(emergency_shell_runs_before_sysinit)
{
	start_world("si::sysinit:/si\nid:2:initdefault:\n");
	struct sm_event ev = { .type = SM_EV_BOOT, .boot = { .emergency = true } };
	feed(&ev, 0);
	ck_assert_str_eq(spawn_order(), "~em");
	ck_assert(logged("emergency"));
	exit_pid(pid_of("~em"), 0, 1);
	ck_assert_str_eq(spawn_order(), "si");
	end_world();
}
END_TEST

START_TEST(boot_opts_from_kernel_words)
{
	struct sm_boot_opts o;
	char *a1[] = { "init", "single", NULL };
	boot_opts_parse(2, a1, &o);
	ck_assert_int_eq(o.level, 'S');
	ck_assert(!o.emergency);
	char *a2[] = { "init", "3", NULL };
	boot_opts_parse(2, a2, &o);
	ck_assert_int_eq(o.level, '3');
	char *a3[] = { "init", "-b", "auto", NULL };
	boot_opts_parse(3, a3, &o);
	ck_assert(o.emergency);
	ck_assert_int_eq(o.level, 0);
	char *a4[] = { "init", "emergency", "s", NULL };
	boot_opts_parse(3, a4, &o);
	ck_assert(o.emergency);
	ck_assert_int_eq(o.level, 'S');
	char *a5[] = { "init", "splash", "33", NULL };
	boot_opts_parse(3, a5, &o);
	ck_assert_int_eq(o.level, 0);
}
END_TEST

START_TEST(request_during_boot_is_remembered)
{
	start_world("si::sysinit:/si\nid:2:initdefault:\nr3:3:respawn:/r3\n");
	boot(0);
	request('3', -1, NULL, 1);
	ck_assert_uint_eq(spawns(NULL), 0);
	exit_pid(pid_of("si"), 0, 2);
	ck_assert_str_eq(spawn_order(), "r3");
	end_world();
}
END_TEST

TCase *sm_tcase_boot(void)
{
	TCase *tc = tcase_create("boot");

	tcase_add_test(tc, boot_runs_sysinit_then_boot_then_level);
	tcase_add_test(tc, sysinit_is_waited_and_gets_console);
	tcase_add_test(tc, single_user_ends_into_default_level);
	tcase_add_test(tc, single_user_stays_while_something_runs);
	tcase_add_test(tc, single_user_without_default_asks);
	tcase_add_test(tc, telinit_while_asking_is_a_change_from_single);
	tcase_add_test(tc, request_during_boot_after_single_user);
	tcase_add_test(tc, single_user_with_nothing_to_restart);
	tcase_add_test(tc, single_user_starts_over_when_default_is_s);
	tcase_add_test(tc, rc_scripts_get_console_only_at_boot_and_in_s);
	tcase_add_test(tc, no_initdefault_asks_console);
	tcase_add_test(tc, kernel_level_overrides_initdefault);
	tcase_add_test(tc, emergency_shell_runs_before_sysinit);
	tcase_add_test(tc, boot_opts_from_kernel_words);
	tcase_add_test(tc, request_during_boot_is_remembered);
	return tc;
}
