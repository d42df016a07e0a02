/*
 * Unit tests of the state machine: what each action does in a level, events and spawn failures.
 */
#include "sm_world.h"

START_TEST(wait_blocks_later_entries)
{
	start_world("id:3:initdefault:\n"
		    "a:3:once:/a\n"
		    "w1:3:wait:/w1\n"
		    "b:3:respawn:/b\n"
		    "w2:3:wait:/w2\n"
		    "c:3:once:/c\n");
	boot(0);
	ck_assert_str_eq(spawn_order(), "a w1");
	exit_pid(pid_of("a"), 0, 1);
	ck_assert_uint_eq(spawns(NULL), 0);
	exit_pid(pid_of("w1"), 0, 2);
	ck_assert_str_eq(spawn_order(), "b w2");
	exit_pid(pid_of("w2"), 0, 3);
	ck_assert_str_eq(spawn_order(), "c");
	ck_assert(info_of("w1", 3).state == SM_DONE);
	end_world();
}
END_TEST

/* As sysvinit: a once entry runs again only after a level that does not
 * hold it; a change between two levels it names runs nothing. */
START_TEST(once_runs_again_only_after_a_level_without_it)
{
	start_world("id:2:initdefault:\no:23:once:/o\n");
	boot(0);
	ck_assert_uint_eq(spawns("o"), 1);
	exit_pid(pid_of("o"), 0, 1);
	ck_assert_uint_eq(spawns("o"), 0);
	tick(500000);
	ck_assert_uint_eq(spawns("o"), 0);
	request('3', -1, NULL, 500001);
	ck_assert_uint_eq(spawns("o"), 0);
	request('4', -1, NULL, 500002);
	ck_assert_uint_eq(spawns("o"), 0);
	request('3', -1, NULL, 500003);
	ck_assert_uint_eq(spawns("o"), 1);
	end_world();
}
END_TEST

/* A once or wait entry still running when the level changes to another
 * it names is neither stopped nor started a second time; the wait entry
 * still holds back what follows it. */
START_TEST(running_once_and_wait_not_started_twice)
{
	start_world("id:2:initdefault:\nd:23:once:/d\nw:23:wait:/w\nl:3:respawn:/l\n");
	boot(0);
	pid_t d = pid_of("d"), wt = pid_of("w");
	ck_assert_int_gt(wt, 0);
	request('3', -1, NULL, 1);
	ck_assert_uint_eq(kills(d, SIGTERM), 0);
	ck_assert_uint_eq(kills(wt, SIGTERM), 0);
	ck_assert_uint_eq(spawns(NULL), 0);
	ck_assert_int_eq(sm_level(w.sm), '3');
	exit_pid(wt, 0, 2);
	ck_assert_str_eq(spawn_order(), "l");
	end_world();
}
END_TEST

START_TEST(respawn_restarts_and_logs_status)
{
	start_world("id:2:initdefault:\nr:2:respawn:/r\n");
	boot(0);
	pid_t p = pid_of("r");
	ck_assert_int_gt(p, 0);
	exit_pid(p, EXITED(3), 1000);
	ck_assert(logged("Id \"r\" (pid 1000) exited with status 3"));
	ck_assert_uint_eq(spawns("r"), 1);
	p = pid_of("r");
	exit_pid(p, SIGKILL, 2000);
	ck_assert(logged("killed by signal 9"));
	ck_assert_uint_eq(spawns("r"), 1);
	struct sm_proc_info i = info_of("r", 2000);
	ck_assert_uint_eq(i.restarts, 2);
	ck_assert(i.has_status);
	ck_assert(WIFSIGNALED(i.last_status));
	end_world();
}
END_TEST

START_TEST(respawn_rate_limit)
{
	start_world("id:2:initdefault:\nr:2:respawn:/r\n");
	boot(0);
	/* 10 starts within the window are fine ... */
	for (int i = 1; i < 10; i++) {
		exit_pid(pid_of("r"), EXITED(1), i * 100);
		ck_assert_uint_eq(spawns("r"), 1);
	}
	ck_assert_int_eq(sm_next_deadline(w.sm), -1);
	/* ... the 11th disables the entry for 5 minutes. */
	exit_pid(pid_of("r"), EXITED(1), 1000);
	ck_assert_uint_eq(spawns("r"), 0);
	ck_assert(logged("Id \"r\" respawning too fast: disabled for 5 minutes"));
	ck_assert_int_eq(sm_next_deadline(w.sm), 1000 + SM_RESPAWN_PAUSE_MS);
	ck_assert(info_of("r", 2000).state == SM_DISABLED);
	tick(1000 + SM_RESPAWN_PAUSE_MS - 1);
	ck_assert_uint_eq(spawns("r"), 0);
	tick(1000 + SM_RESPAWN_PAUSE_MS);
	ck_assert_uint_eq(spawns("r"), 1);
	ck_assert_int_eq(sm_next_deadline(w.sm), -1);
	end_world();
}
END_TEST

START_TEST(slow_respawns_are_never_limited)
{
	start_world("id:2:initdefault:\nr:2:respawn:/r\n");
	boot(0);
	for (int i = 1; i < 50; i++) {
		exit_pid(pid_of("r"), 0, (int64_t)i * 13000);
		ck_assert_uint_eq(spawns("r"), 1);
	}
	end_world();
}
END_TEST

START_TEST(off_never_runs)
{
	start_world("id:2:initdefault:\nx:2:off:/x\ny:2:respawn:/y\n");
	boot(0);
	/* Level 2 was entered and ran its entries, but x. */
	ck_assert_int_eq(sm_level(w.sm), '2');
	ck_assert_uint_eq(spawns("y"), 1);
	ck_assert_uint_eq(spawns("x"), 0);
	end_world();
}
END_TEST

START_TEST(no_utmp_with_plus)
{
	start_world("id:2:initdefault:\na:2:respawn:/a\nb:2:respawn:+/b\n");
	boot(0);
	exit_pid(pid_of("b"), 0, 1);
	ck_assert_uint_eq(count(SM_UTMP_DEAD, NULL), 0);
	exit_pid(pid_of("a"), 0, 2);
	ck_assert_uint_eq(count(SM_UTMP_DEAD, "a"), 1);
	end_world();
}
END_TEST

START_TEST(unknown_pid_is_ignored)
{
	start_world("id:2:initdefault:\nr:2:respawn:/r\n");
	boot(0);
	ck_assert(!sm_knows_pid(w.sm, 4242));
	ck_assert(sm_knows_pid(w.sm, pid_of("r")));
	exit_pid(4242, 0, 1);
	ck_assert_uint_eq(w.nrec, 0);
	end_world();
}
END_TEST

START_TEST(ondemand_starts_on_letter_without_level_change)
{
	start_world("id:2:initdefault:\n"
		    "oa:a:ondemand:/oa\n"
		    "ob:b:ondemand:/ob\n"
		    "o3:3a:ondemand:/o3\n");
	boot(0);
	ck_assert_uint_eq(spawns(NULL), 0);
	request('a', -1, NULL, 1);
	/* As sysvinit, every entry naming a runs in any level but S now,
	 * o3 included. */
	ck_assert_str_eq(spawn_order(), "oa o3");
	ck_assert_int_eq(sm_level(w.sm), '2');
	ck_assert(!logged("Switching"));
	ck_assert(logged_to(SM_LOG_SYSLOG, "Activating demand-procedures for 'A'"));
	exit_pid(pid_of("oa"), 0, 2);
	ck_assert_uint_eq(spawns("oa"), 1);    /* kept running like respawn */
	pid_t o3 = pid_of("o3");
	request('3', -1, NULL, 3);
	ck_assert_uint_eq(kills(o3, SIGTERM), 0);
	end_world();
}
END_TEST

START_TEST(single_user_stops_ondemand_entries)
{
	start_world("id:2:initdefault:\n"
		    "oa:a:ondemand:/oa\n"
		    "os:Sa:ondemand:/os\n");
	boot(0);
	request('a', -1, NULL, 1);
	pid_t oa = pid_of("oa");
	ck_assert_int_gt(oa, 0);
	request('S', -1, NULL, 2);
	ck_assert_uint_eq(kills(oa, SIGTERM), 1);
	ck_assert_uint_eq(kills(pid_of("os"), SIGTERM), 0);
	exit_pid(oa, SIGTERM, 3);
	ck_assert_int_eq(sm_level(w.sm), 'S');
	ck_assert_uint_eq(spawns("oa"), 0);
	end_world();
}
END_TEST

/* As sysvinit, which makes a change in one go: a request during a
 * change's grace period does not cut it short, even with a shorter
 * grace of its own; it is taken once the change is over. */
START_TEST(later_request_waits_for_the_grace_of_the_change)
{
	start_world("id:2:initdefault:\na:2:respawn:/a\n");
	boot(0);
	pid_t a = pid_of("a");
	request('3', 30000, NULL, 1000);
	ck_assert_uint_eq(kills(a, SIGTERM), 1);
	ck_assert_int_eq(sm_next_deadline(w.sm), 31000);
	request('4', 1000, NULL, 2000);
	ck_assert_ptr_null(find(SM_UTMP_RUNLEVEL));
	ck_assert_int_eq(sm_next_deadline(w.sm), 31000);
	tick(3000);
	ck_assert_uint_eq(kills(a, SIGKILL), 0);
	tick(31000);
	ck_assert_uint_eq(kills(a, SIGKILL), 1);
	exit_pid(a, SIGKILL, 31001);
	const struct rec *rl = find(SM_UTMP_RUNLEVEL);
	ck_assert_ptr_nonnull(rl);
	ck_assert_int_eq(rl->level, '4');
	ck_assert_int_eq(rl->prev, '3');
	ck_assert_int_eq(sm_level(w.sm), '4');
	ck_assert_int_eq(sm_prevlevel(w.sm), '3');
	end_world();
}
END_TEST

/* As sysvinit, which pauses in its SIGTSTP handler: nothing starts until
 * SIGCONT, neither a respawn nor a new level's entries; then all that
 * was held back starts. */
START_TEST(hold_keeps_starts_until_resume)
{
	start_world("id:2:initdefault:\nr:2:respawn:/r\nt:3:respawn:/t\n");
	boot(0);
	struct sm_event ev = { .type = SM_EV_HOLD };
	feed(&ev, 1);
	exit_pid(pid_of("r"), 0, 2);
	ck_assert_uint_eq(spawns(NULL), 0);
	ck_assert_uint_eq(count(SM_UTMP_DEAD, "r"), 1);
	request('3', -1, NULL, 3);
	ck_assert_uint_eq(spawns(NULL), 0);
	ev.type = SM_EV_RESUME;
	feed(&ev, 4);
	ck_assert_str_eq(spawn_order(), "t");
	ck_assert_int_eq(sm_level(w.sm), '3');
	end_world();
}
END_TEST

/* As sysvinit, whose change runs in one go: Ctrl-Alt-Del during a
 * change's grace period starts its entry once the change is over. */
START_TEST(ctrlaltdel_waits_for_the_change)
{
	start_world("id:2:initdefault:\na:2:respawn:/a\nca::ctrlaltdel:/ca\n");
	boot(0);
	request('3', -1, NULL, 10);
	struct sm_event ev = { .type = SM_EV_CTRLALTDEL };
	feed(&ev, 20);
	ck_assert_uint_eq(spawns(NULL), 0);
	exit_pid(pid_of("a"), SIGTERM, 30);
	ck_assert_str_eq(spawn_order(), "ca");
	end_world();
}
END_TEST

START_TEST(power_events)
{
	start_world("id:2:initdefault:\n"
		    "pw::powerwait:/pw\n"
		    "pf::powerfail:/pf\n"
		    "po::powerokwait:/po\n"
		    "pn::powerfailnow:/pn\n"
		    "ca::ctrlaltdel:/ca\n"
		    "kb::kbrequest:/kb\n");
	boot(0);
	ck_assert_uint_eq(spawns(NULL), 0);
	struct sm_event ev = { .type = SM_EV_POWER, .power = 'F' };
	feed(&ev, 1);
	/* powerwait is waited for: powerfail only after it, as sysvinit. */
	ck_assert_str_eq(spawn_order(), "pw");
	exit_pid(pid_of("pw"), 0, 1);
	ck_assert_str_eq(spawn_order(), "pf");
	ev.type = SM_EV_POWER;
	ev.power = 'O';
	feed(&ev, 2);
	ck_assert_str_eq(spawn_order(), "po");
	exit_pid(pid_of("po"), 0, 2);
	ev.type = SM_EV_POWER;
	ev.power = 'L';
	feed(&ev, 3);
	ck_assert_str_eq(spawn_order(), "pn");
	exit_pid(pid_of("pn"), 0, 3);
	ev.type = SM_EV_CTRLALTDEL;
	feed(&ev, 4);
	ck_assert_str_eq(spawn_order(), "ca");
	/* Not restarted when they exit. */
	exit_pid(pid_of("ca"), 0, 5);
	ck_assert_uint_eq(spawns(NULL), 0);
	ev.type = SM_EV_KBREQUEST;
	feed(&ev, 6);
	ck_assert_str_eq(spawn_order(), "kb");
	end_world();
}
END_TEST

START_TEST(event_entry_honours_its_levels)
{
	start_world("id:2:initdefault:\nca:345:ctrlaltdel:/ca\n");
	boot(0);
	struct sm_event ev = { .type = SM_EV_CTRLALTDEL };
	feed(&ev, 1);
	ck_assert_uint_eq(spawns(NULL), 0);
	/* Still due: it runs once a level holds it, as in sysvinit. */
	request('3', -1, NULL, 2);
	ck_assert_str_eq(spawn_order(), "ca");
	feed(&ev, 3);
	ck_assert_uint_eq(spawns(NULL), 0);
	end_world();
}
END_TEST

START_TEST(fork_failure_retries_later)
{
	start_world("id:2:initdefault:\nr:2:respawn:/r\n");
	w.fail_err = EAGAIN;
	boot(0);
	ck_assert(logged("cannot start Id \"r\""));
	ck_assert_int_eq(sm_next_deadline(w.sm), SM_RETRY_MS);
	ck_assert(info_of("r", 1).state == SM_RETRY);
	w.fail_err = 0;
	tick(SM_RETRY_MS - 1);
	ck_assert_uint_eq(spawns(NULL), 0);
	tick(SM_RETRY_MS);
	ck_assert_uint_eq(spawns("r"), 1);
	ck_assert_int_gt(pid_of("r"), 0);
	end_world();
}
END_TEST

START_TEST(exec_failure_trips_rate_limit)
{
	start_world("id:2:initdefault:\nr:2:respawn:/nonexistent\nw:2:wait:/w\n");
	w.fail_err = ENOENT;
	boot(0);
	ck_assert(logged_to(SM_LOG_BOTH, "cannot execute \"/nonexistent\""));
	ck_assert(logged_to(SM_LOG_SYSLOG, "Id \"r\": cannot execute \"/nonexistent\": "));
	ck_assert(logged("respawning too fast"));
	ck_assert_uint_eq(spawns("r"), SM_RESPAWN_MAX);
	/* The wait entry after it still ran (and failed) */
	ck_assert_uint_eq(spawns("w"), 1);
	end_world();
}
END_TEST

TCase *sm_tcase_actions(void)
{
	TCase *tc = tcase_create("actions");

	tcase_add_test(tc, wait_blocks_later_entries);
	tcase_add_test(tc, once_runs_again_only_after_a_level_without_it);
	tcase_add_test(tc, running_once_and_wait_not_started_twice);
	tcase_add_test(tc, respawn_restarts_and_logs_status);
	tcase_add_test(tc, respawn_rate_limit);
	tcase_add_test(tc, slow_respawns_are_never_limited);
	tcase_add_test(tc, off_never_runs);
	tcase_add_test(tc, no_utmp_with_plus);
	tcase_add_test(tc, unknown_pid_is_ignored);
	tcase_add_test(tc, ondemand_starts_on_letter_without_level_change);
	tcase_add_test(tc, single_user_stops_ondemand_entries);
	tcase_add_test(tc, later_request_waits_for_the_grace_of_the_change);
	tcase_add_test(tc, hold_keeps_starts_until_resume);
	tcase_add_test(tc, ctrlaltdel_waits_for_the_change);
	tcase_add_test(tc, power_events);
	tcase_add_test(tc, event_entry_honours_its_levels);
	tcase_add_test(tc, fork_failure_retries_later);
	tcase_add_test(tc, exec_failure_trips_rate_limit);
	return tc;
}
