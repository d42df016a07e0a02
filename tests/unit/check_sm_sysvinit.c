/*
 * Unit tests of the state machine: behaviour matched to sysvinit's, case by case.
 */
#include "sm_world.h"

/* telinit q: an entry whose command or levels changed keeps its process
 * (levels that no longer hold the level included); a changed once entry
 * does not run again; a changed action is stopped. */
START_TEST(reload_keeps_changed_command_and_levels)
{
	start_world("id:2:initdefault:\n"
		    "t1:23:respawn:/sleep 1001\n"
		    "t2:23:respawn:/t2\n"
		    "o:2:once:/o\n"
		    "x:2:respawn:/x\n");
	boot(0);
	pid_t t1 = pid_of("t1"), t2 = pid_of("t2"), o = pid_of("o"), x = pid_of("x");
	exit_pid(o, 0, 1);
	reload("id:2:initdefault:\n"
	       "t1:2345:respawn:/sleep 1002\n"
	       "t2:3:respawn:/t2\n"
	       "o:2:once:/o --changed\n"
	       "x:2:once:/x\n", 2);
	ck_assert_uint_eq(kills(t1, SIGTERM), 0);
	ck_assert_uint_eq(kills(t2, SIGTERM), 0);
	ck_assert_uint_eq(kills(x, SIGTERM), 1);
	ck_assert_uint_eq(spawns(NULL), 0);
	/* t2's new levels do not hold 2: not started again once it exits. */
	exit_pid(t2, 0, 3);
	ck_assert_uint_eq(spawns("t2"), 0);
	/* As sysvinit's read_inittab, nothing starts while x is being
	 * stopped: t1 respawns, and x's once runs, once x is gone. */
	exit_pid(t1, 0, 4);
	ck_assert_uint_eq(spawns(NULL), 0);
	exit_pid(x, SIGTERM, 5);
	ck_assert_str_eq(spawn_order(), "t1 x");
	ck_assert_str_eq(sm_entry(w.sm, index_of("t1"))->process, "/sleep 1002");
	end_world();
}
END_TEST

/* The respawn limit is lifted by telinit q, a level change and a/b/c. */
START_TEST(respawn_limit_lifted_by_reload_change_and_demand)
{
	const char *text = "id:2:initdefault:\nfa:23:respawn:/fa\nb:ab:once:/b\n";
	start_world(text);
	boot(0);
	for (int round = 0; round < 3; round++) {
		int64_t t = 1000 * (round + 1);
		for (int i = 0; i <= SM_RESPAWN_MAX && pid_of("fa") > 0; i++)
			exit_pid(pid_of("fa"), EXITED(1), t);
		ck_assert(info_of("fa", t).state == SM_DISABLED);
		if (round == 0)
			reload(text, t);
		else if (round == 1)
			request_with('3', text, t);
		else
			request_with('a', text, t);
		ck_assert_int_gt(pid_of("fa"), 0);
	}
	end_world();
}
END_TEST

/* Every level request reads inittab again: an entry added for 3 runs at
 * telinit 3 without telinit q. */
START_TEST(level_change_uses_the_table_read_with_it)
{
	start_world("id:2:initdefault:\na:2:respawn:/a\n");
	boot(0);
	request_with('3', "id:2:initdefault:\na:2:respawn:/a\nn:3:once:/n\n", 1);
	exit_pid(pid_of("a"), SIGTERM, 2);
	ck_assert_str_eq(spawn_order(), "n");
	end_world();
}
END_TEST

/* Single user ends when its entries are done, whatever boot entries
 * still run, at boot (then the boot entries run) and after telinit S. */
START_TEST(single_user_ends_despite_boot_entries)
{
	start_world("id:2:initdefault:\n"
		    "si::sysinit:/si\n"
		    "bd::boot:/bd\n"
		    "su:S:wait:/su\n"
		    "r:2:respawn:/r\n");
	boot_into('S', 0);
	ck_assert_str_eq(spawn_order(), "si");
	/* sysinit, then S, then the boot entries: sysvinit's order. */
	exit_pid(pid_of("si"), 0, 1);
	ck_assert_str_eq(spawn_order(), "su");
	ck_assert_ptr_null(find(SM_UTMP_RUNLEVEL));
	ck_assert_int_eq(sm_level(w.sm), 'S');
	exit_pid(pid_of("su"), 0, 2);
	ck_assert_str_eq(spawn_order(), "bd r");
	const struct rec *rl = find(SM_UTMP_RUNLEVEL);
	ck_assert_ptr_nonnull(rl);
	ck_assert_int_eq(rl->level, '2');
	ck_assert_int_eq(rl->prev, 'N');
	ck_assert(logged("Entering runlevel: 2"));
	/* telinit S with bd still running: back to 2 when su is done. */
	request('S', -1, NULL, 3);
	ck_assert(logged("Going single user"));
	ck_assert(!logged("Switching"));
	exit_pid(pid_of("r"), SIGTERM, 4);
	ck_assert_str_eq(spawn_order(), "su");
	ck_assert_int_gt(pid_of("bd"), 0);
	exit_pid(pid_of("su"), 0, 5);
	ck_assert_int_eq(sm_level(w.sm), '2');
	rl = find(SM_UTMP_RUNLEVEL);
	ck_assert_ptr_nonnull(rl);
	ck_assert_int_eq(rl->level, '2');
	ck_assert_int_eq(rl->prev, 'S');
	ck_assert_str_eq(spawn_order(), "r");
	end_world();
}
END_TEST

/* An initdefault naming several levels boots into the highest. */
START_TEST(initdefault_of_several_levels)
{
	start_world("id:23:initdefault:\nr:3:respawn:/r\n");
	boot(0);
	ck_assert_int_eq(sm_level(w.sm), '3');
	ck_assert_str_eq(spawn_order(), "r");
	end_world();
}
END_TEST

/* telinit -t 0: KILL right after TERM. */
START_TEST(grace_zero_kills_at_once)
{
	start_world("id:2:initdefault:\na:2:respawn:/a\n");
	boot(0);
	pid_t a = pid_of("a");
	request('3', 0, NULL, 10);
	ck_assert_uint_eq(kills(a, SIGTERM), 1);
	ck_assert_uint_eq(kills(a, SIGKILL), 1);
	ck_assert(logged_to(SM_LOG_CONSOLE, "the KILL signal"));
	end_world();
}
END_TEST

/* telinit a in single user is ignored (but inittab is read again). */
START_TEST(demand_ignored_in_single_user)
{
	start_world("id:S:initdefault:\noa:a:ondemand:/oa\nsu:S:respawn:/su\n");
	boot(0);
	ck_assert_int_eq(sm_level(w.sm), 'S');
	ck_assert_uint_eq(spawns("su"), 1);
	request('a', -1, NULL, 1);
	ck_assert(logged_to(SM_LOG_SYSLOG, "Activating demand-procedures for 'A'"));
	ck_assert_int_eq(sm_level(w.sm), 'S');
	ck_assert_uint_eq(spawns("oa"), 0);
	/* Ignored, not kept for later: level 2 does not run it either. */
	request('2', -1, NULL, 2);
	exit_pid(pid_of("su"), SIGTERM, 3);
	ck_assert_int_eq(sm_level(w.sm), '2');
	ck_assert_uint_eq(spawns("oa"), 0);
	end_world();
}
END_TEST

/* Power and Ctrl-Alt-Del entries are stopped by a level their levels do
 * not hold; a powerwait due while its level is not on runs once it is;
 * kbrequest waits while powerwait runs. */
START_TEST(events_follow_their_levels)
{
	start_world("id:2:initdefault:\n"
		    "pw:3:powerwait:/pw\n"
		    "ca:2:ctrlaltdel:/ca\n"
		    "kb::kbrequest:/kb\n");
	boot(0);
	struct sm_event ev = { .type = SM_EV_POWER, .power = 'F' };
	feed(&ev, 1);
	ck_assert_uint_eq(spawns(NULL), 0);
	ev.type = SM_EV_CTRLALTDEL;
	feed(&ev, 2);
	pid_t ca = pid_of("ca");
	ck_assert_int_gt(ca, 0);
	request('3', -1, NULL, 3);
	ck_assert_uint_eq(kills(ca, SIGTERM), 1);
	exit_pid(ca, SIGTERM, 4);
	ck_assert_str_eq(spawn_order(), "pw");
	ev.type = SM_EV_KBREQUEST;
	feed(&ev, 5);
	ck_assert_uint_eq(spawns(NULL), 0);
	exit_pid(pid_of("pw"), 0, 6);
	ck_assert_str_eq(spawn_order(), "kb");
	end_world();
}
END_TEST

/* Messages sysvinit sends to syslog alone stay off the console, and so
 * do our own additions. */
START_TEST(messages_go_where_sysvinits_go)
{
	start_world("id:2:initdefault:\nr:2:respawn:/r\n");
	boot(0);
	exit_pid(pid_of("r"), EXITED(3), 1);
	ck_assert(logged_to(SM_LOG_SYSLOG, "exited with status 3"));
	end_world();
}
END_TEST

/* The machine skips its timer passes while nothing is timed: every kind
 * of deadline must still be seen when it comes after such a spell, and
 * none be left once its cause is gone. */
START_TEST(deadlines_after_idle_spells)
{
	start_world("id:2:initdefault:\n"
		    "r:2:respawn:/r\n"
		    "s:3:respawn:/s\n"
		    "g:2:respawn:/g\n");
	boot(0);
	ck_assert_int_eq(sm_next_deadline(w.sm), -1);
	/* A stop: KILL due after the grace, none once the process is gone. */
	pid_t r = pid_of("r"), g = pid_of("g");
	request('3', -1, NULL, 100);
	ck_assert_int_eq(sm_next_deadline(w.sm), 100 + SM_GRACE_DEFAULT_MS);
	exit_pid(r, 0, 200);
	ck_assert_int_eq(sm_next_deadline(w.sm), 100 + SM_GRACE_DEFAULT_MS);
	exit_pid(g, 0, 300);
	ck_assert_int_eq(sm_next_deadline(w.sm), -1);
	ck_assert_str_eq(spawn_order(), "s");
	/* A respawn pause, after a long spell with nothing timed. */
	for (int i = 1; i < 10; i++) {
		exit_pid(pid_of("s"), EXITED(1), 1000 + i);
		ck_assert_uint_eq(spawns("s"), 1);
	}
	ck_assert_int_eq(sm_next_deadline(w.sm), -1);
	exit_pid(pid_of("s"), EXITED(1), 1011);
	ck_assert_uint_eq(spawns("s"), 0);
	ck_assert_int_eq(sm_next_deadline(w.sm), 1011 + SM_RESPAWN_PAUSE_MS);
	tick(1011 + SM_RESPAWN_PAUSE_MS);
	ck_assert_uint_eq(spawns("s"), 1);
	ck_assert_int_eq(sm_next_deadline(w.sm), -1);
	/* A leftover: its entry gone, KILL due after the grace. */
	pid_t s = pid_of("s");
	struct inittab *t = table("id:2:initdefault:\n");
	struct sm_event ev = { .type = SM_EV_RELOAD, .grace_ms = -1, .table = t };
	int64_t at = 1011 + SM_RESPAWN_PAUSE_MS + 5;
	feed(&ev, at);
	ck_assert_int_eq(sm_next_deadline(w.sm), at + SM_GRACE_DEFAULT_MS);
	tick(at + SM_GRACE_DEFAULT_MS);
	ck_assert_uint_eq(kills(s, SIGKILL), 1);
	ck_assert_int_eq(sm_next_deadline(w.sm), at + SM_GRACE_DEFAULT_MS + SM_HANG_MS);
	exit_pid(s, SIGKILL, at + SM_GRACE_DEFAULT_MS + 1);
	ck_assert_int_eq(sm_next_deadline(w.sm), -1);
	end_world();
}
END_TEST

/* The pass that starts a level's entries begins after those that have
 * run their course: one that is to run again (its action changed by a
 * reload, or its level left and come back to) is not passed over. */
START_TEST(finished_entries_run_again_when_due)
{
	start_world("id:2:initdefault:\n"
		    "a:2:wait:/a\n"
		    "b:2:wait:/b\n"
		    "c:2:respawn:/c\n");
	boot(0);
	ck_assert_str_eq(spawn_order(), "a");
	exit_pid(pid_of("a"), 0, 1);
	ck_assert_str_eq(spawn_order(), "b");
	exit_pid(pid_of("b"), 0, 2);
	ck_assert_str_eq(spawn_order(), "c");
	/* a turns into a once entry: a new entry, which runs. */
	struct inittab *t = table("id:2:initdefault:\n"
				  "a:2:once:/a\n"
				  "b:2:wait:/b\n"
				  "c:2:respawn:/c\n");
	struct sm_event ev = { .type = SM_EV_RELOAD, .grace_ms = -1, .table = t };
	feed(&ev, 10);
	ck_assert_str_eq(spawn_order(), "a");
	exit_pid(pid_of("a"), 0, 11);
	ck_assert_uint_eq(spawns(NULL), 0);
	/* Level 3 holds none of them; back in 2, a and b run again. */
	request('3', 0, NULL, 20);
	exit_pid(pid_of("c"), SIGKILL, 21);
	request('2', -1, NULL, 30);
	ck_assert_str_eq(spawn_order(), "a b");
	end_world();
}
END_TEST

TCase *sm_tcase_sysvinit(void)
{
	TCase *tc = tcase_create("sysvinit");

	tcase_add_test(tc, reload_keeps_changed_command_and_levels);
	tcase_add_test(tc, respawn_limit_lifted_by_reload_change_and_demand);
	tcase_add_test(tc, level_change_uses_the_table_read_with_it);
	tcase_add_test(tc, single_user_ends_despite_boot_entries);
	tcase_add_test(tc, initdefault_of_several_levels);
	tcase_add_test(tc, grace_zero_kills_at_once);
	tcase_add_test(tc, demand_ignored_in_single_user);
	tcase_add_test(tc, events_follow_their_levels);
	tcase_add_test(tc, messages_go_where_sysvinits_go);
	tcase_add_test(tc, deadlines_after_idle_spells);
	tcase_add_test(tc, finished_entries_run_again_when_due);
	return tc;
}
