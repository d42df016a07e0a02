/*
 * Unit tests of the state machine: level changes: stopping, killing, hangs, the built-in shell, telinit -W.
 */
#include "sm_world.h"

START_TEST(change_stops_then_starts_without_waiting_for_time)
{
	start_world("id:2:initdefault:\n"
		    "a:2:respawn:/a\n"
		    "b:23:respawn:/b\n"
		    "c:3:respawn:/c\n");
	boot(0);
	pid_t a = pid_of("a"), b = pid_of("b");
	request('3', -1, NULL, 100);
	ck_assert(logged("Switching to runlevel: 3"));
	ck_assert(logged_to(SM_LOG_CONSOLE, "the TERM signal"));
	/* The record comes first, so the rc scripts see the new level. */
	const struct rec *rl = find(SM_UTMP_RUNLEVEL);
	ck_assert_ptr_nonnull(rl);
	ck_assert_int_eq(rl->level, '3');
	ck_assert_int_eq(rl->prev, '2');
	ck_assert_uint_eq(kills(a, SIGTERM), 1);
	ck_assert_uint_eq(kills(b, SIGTERM), 0);
	ck_assert_uint_eq(spawns(NULL), 0);
	ck_assert(sm_changing(w.sm));
	ck_assert_int_eq(sm_next_deadline(w.sm), 100 + SM_GRACE_DEFAULT_MS);
	/* The change completes as soon as a is gone, not after the grace. */
	exit_pid(a, SIGTERM, 150);
	/* As sysvinit: said and recorded when it started, not now. */
	ck_assert(!logged("Entering runlevel"));
	ck_assert_ptr_null(find(SM_UTMP_RUNLEVEL));
	ck_assert_str_eq(spawn_order(), "c");
	ck_assert_uint_eq(spawns("a"), 0);
	ck_assert_int_eq(sm_prevlevel(w.sm), '2');
	ck_assert_int_eq(pid_of("b"), b);
	ck_assert_int_eq(sm_next_deadline(w.sm), -1);
	end_world();
}
END_TEST

START_TEST(change_kills_after_grace)
{
	start_world("id:2:initdefault:\na:2:respawn:/a\n");
	boot(0);
	pid_t a = pid_of("a");
	request('3', 5000, NULL, 0);
	ck_assert_int_eq(sm_next_deadline(w.sm), 5000);
	tick(4999);
	ck_assert_uint_eq(kills(a, SIGKILL), 0);
	tick(5000);
	ck_assert_uint_eq(kills(a, SIGKILL), 1);
	ck_assert(logged("the KILL signal"));
	ck_assert(sm_changing(w.sm));
	ck_assert_int_eq(sm_next_deadline(w.sm), 5000 + SM_HANG_MS);
	exit_pid(a, SIGKILL, 5001);
	ck_assert_int_eq(sm_next_deadline(w.sm), -1);
	ck_assert(!logged("seems to hang"));
	ck_assert(!sm_changing(w.sm));
	ck_assert_int_eq(sm_level(w.sm), '3');
	end_world();
}
END_TEST

/* A process SIGKILL does not end (stuck in the kernel) holds a change
 * for SM_HANG_MS, then "seems to hang" and the change goes on, as in
 * sysvinit, or a shutdown would wait for it forever.  It is still init's:
 * its end is recorded, and its entry is not started twice meanwhile. */
START_TEST(change_goes_on_past_a_hung_process)
{
	const int64_t kill = 100 + SM_GRACE_DEFAULT_MS, hang = kill + SM_HANG_MS;
	char said[64];

	start_world("id:2:initdefault:\n"
		    "a:2:respawn:/a\n"
		    "l:2:respawn:/l\n"
		    "b:3:wait:/b\n");
	boot(0);
	pid_t a = pid_of("a"), l = pid_of("l");
	/* a cannot run in 3; l left the table. */
	request_with('3', "id:2:initdefault:\na:2:respawn:/a\nb:3:wait:/b\n", 100);
	ck_assert_uint_eq(kills(a, SIGTERM), 1);
	ck_assert_uint_eq(kills(l, SIGTERM), 1);
	tick(kill);
	ck_assert_uint_eq(kills(a, SIGKILL), 1);
	ck_assert_uint_eq(kills(l, SIGKILL), 1);
	ck_assert_int_eq(sm_next_deadline(w.sm), hang);
	tick(hang - 1);
	ck_assert(sm_changing(w.sm));
	ck_assert(!logged("seems to hang"));
	ck_assert_uint_eq(spawns("b"), 0);
	tick(hang);
	snprintf(said, sizeof(said), "Pid %d [id a] seems to hang", (int)a);
	ck_assert(logged_to(SM_LOG_CONSOLE, said));
	snprintf(said, sizeof(said), "Pid %d [id l] seems to hang", (int)l);
	ck_assert(logged_to(SM_LOG_CONSOLE, said));
	ck_assert(!sm_changing(w.sm));
	ck_assert_int_eq(sm_level(w.sm), '3');
	ck_assert_str_eq(spawn_order(), "b");
	ck_assert_int_eq(sm_next_deadline(w.sm), -1);
	/* Said once, signalled no more. */
	tick(hang + 60000);
	ck_assert_uint_eq(w.nrec, 0);
	exit_pid(pid_of("b"), 0, hang + 60001);
	/* Back to 2 while a still hangs: no second a. */
	request('2', -1, NULL, hang + 60002);
	ck_assert(!sm_changing(w.sm));
	ck_assert_int_eq(sm_level(w.sm), '2');
	ck_assert_uint_eq(spawns("a"), 0);
	ck_assert_int_eq(pid_of("a"), a);
	/* When it does end, that is recorded, and a runs again in 2. */
	exit_pid(a, SIGKILL, hang + 70000);
	ck_assert_uint_eq(count(SM_UTMP_DEAD, "a"), 1);
	ck_assert_uint_eq(spawns("a"), 1);
	exit_pid(l, SIGKILL, hang + 70001);
	ck_assert_uint_eq(count(SM_UTMP_DEAD, "l"), 1);
	ck_assert_uint_eq(spawns(NULL), 0);
	end_world();
}
END_TEST

/* A process that seems to hang no longer counts as running: single user
 * ends past it, a waited power entry no longer holds everything back, and
 * an id that left inittab and came back gets a process again. */
START_TEST(hung_process_holds_nothing)
{
	const int64_t hang = 10 + SM_GRACE_DEFAULT_MS + SM_HANG_MS;

	start_world("id:2:initdefault:\n"
		    "a:2:respawn:/a\n"
		    "su:S:wait:/su\n");
	boot(0);
	pid_t a = pid_of("a");
	request('S', -1, NULL, 10);
	tick(10 + SM_GRACE_DEFAULT_MS);
	tick(hang);
	ck_assert(logged("seems to hang"));
	ck_assert_str_eq(spawn_order(), "su");
	exit_pid(pid_of("su"), 0, hang + 1);
	ck_assert_int_eq(sm_level(w.sm), '2');
	ck_assert(logged("Entering runlevel: 2"));
	ck_assert_uint_eq(spawns("a"), 0);
	exit_pid(a, SIGKILL, hang + 2);
	ck_assert_uint_eq(spawns("a"), 1);
	end_world();

	start_world("id:2:initdefault:\n"
		    "pw:2:powerwait:/pw\n"
		    "w3:3:wait:/w3\n");
	boot(0);
	struct sm_event ev = { .type = SM_EV_POWER, .power = 'F' };
	feed(&ev, 5);
	ck_assert_str_eq(spawn_order(), "pw");
	request('3', -1, NULL, 10);
	tick(10 + SM_GRACE_DEFAULT_MS);
	tick(hang);
	ck_assert(logged("seems to hang"));
	ck_assert_int_eq(sm_level(w.sm), '3');
	ck_assert_str_eq(spawn_order(), "w3");
	end_world();

	start_world("id:2:initdefault:\nx:2:respawn:/x\n");
	boot(0);
	pid_t x = pid_of("x");
	reload("id:2:initdefault:\n", 10);
	ck_assert_uint_eq(kills(x, SIGTERM), 1);
	tick(10 + SM_GRACE_DEFAULT_MS);
	tick(hang);
	ck_assert(logged("seems to hang"));
	reload("id:2:initdefault:\nx:2:respawn:/x\n", hang + 1);
	ck_assert_str_eq(spawn_order(), "x");
	ck_assert_int_ne(pid_of("x"), x);
	/* The old one's end leaves the slot, now the new one's, alone. */
	pid_t x2 = pid_of("x");
	exit_pid(x, SIGKILL, hang + 2);
	ck_assert_uint_eq(count(SM_UTMP_DEAD, "x"), 0);
	ck_assert_uint_eq(spawns(NULL), 0);
	ck_assert_int_eq(pid_of("x"), x2);
	end_world();
}
END_TEST

/* A shorter grace asked for later does not cut the hang allowance of a
 * process already killed. */
START_TEST(new_grace_leaves_hang_allowance)
{
	start_world("id:2:initdefault:\na:2:respawn:/a\n");
	boot(0);
	request('3', 5000, NULL, 0);
	tick(5000);
	ck_assert_uint_eq(kills(pid_of("a"), SIGKILL), 1);
	request('4', 0, NULL, 5100);
	ck_assert(!logged("seems to hang"));
	ck_assert_int_eq(sm_next_deadline(w.sm), 5000 + SM_HANG_MS);
	tick(5000 + SM_HANG_MS);
	ck_assert(logged("seems to hang"));
	ck_assert_int_eq(sm_level(w.sm), '4');
	end_world();
}
END_TEST

START_TEST(change_with_nothing_to_stop_is_immediate)
{
	start_world("id:2:initdefault:\nb:23:respawn:/b\nl3:3:wait:/l3\n");
	boot(0);
	request('3', -1, NULL, 10);
	ck_assert_int_eq(sm_level(w.sm), '3');
	ck_assert(!sm_changing(w.sm));
	ck_assert(!logged("TERM"));
	ck_assert_str_eq(spawn_order(), "l3");
	end_world();
}
END_TEST

START_TEST(same_level_request_changes_nothing)
{
	start_world("id:2:initdefault:\nb:2:respawn:/b\no:2:once:/o\n");
	boot(0);
	exit_pid(pid_of("o"), 0, 1);
	request('2', -1, NULL, 10);
	ck_assert_uint_eq(w.nrec, 0);
	end_world();
}
END_TEST

START_TEST(off_entry_is_stopped_on_change)
{
	start_world("id:2:initdefault:\nx:23:respawn:/x\n");
	boot(0);
	pid_t x = pid_of("x");
	struct inittab *t = table("id:2:initdefault:\nx:23:off:/x\n");
	struct sm_event ev = { .type = SM_EV_RELOAD, .grace_ms = -1, .table = t };
	feed(&ev, 5);
	/* The entry changed, so its old process goes. */
	ck_assert_uint_eq(kills(x, SIGTERM), 1);
	exit_pid(x, SIGTERM, 6);
	ck_assert_uint_eq(spawns(NULL), 0);
	end_world();
}
END_TEST

START_TEST(single_user_gets_builtin_shell)
{
	start_world("id:2:initdefault:\na:2:respawn:/a\n");
	boot(0);
	pid_t a = pid_of("a");
	request('S', -1, NULL, 10);
	ck_assert_uint_eq(kills(a, SIGTERM), 1);
	exit_pid(a, SIGTERM, 20);
	ck_assert_str_eq(spawn_order(), BUILTIN_SHELL_ID);
	ck_assert(w.rec[find(SM_SPAWN) - w.rec].ctty);
	ck_assert_int_eq(sm_level(w.sm), 'S');
	end_world();
}
END_TEST

START_TEST(single_user_entries_replace_builtin_shell)
{
	start_world("id:S:initdefault:\n~~:S:wait:/sbin/sulogin\n");
	boot(0);
	ck_assert_str_eq(spawn_order(), "~~");
	ck_assert_ptr_null(inittab_find(sm_table(w.sm), BUILTIN_SHELL_ID));
	end_world();
}
END_TEST

START_TEST(lowercase_levels_and_bad_levels)
{
	start_world("id:2:initdefault:\n");
	boot(0);
	request('x', -1, NULL, 1);
	ck_assert(logged("unknown runlevel"));
	ck_assert_int_eq(sm_level(w.sm), '2');
	end_world();
}
END_TEST

START_TEST(wait_nonce_answered_when_change_completes)
{
	start_world("id:2:initdefault:\na:2:respawn:/a\nw:3:wait:/w\n");
	boot(0);
	pid_t a = pid_of("a");
	request('3', -1, "n1", 10);
	ck_assert_ptr_null(find(SM_STATUS));
	exit_pid(a, SIGTERM, 20);
	ck_assert_ptr_null(find(SM_STATUS));    /* the wait entry still runs */
	exit_pid(pid_of("w"), 0, 30);
	const struct rec *s = find(SM_STATUS);
	ck_assert_ptr_nonnull(s);
	ck_assert_str_eq(s->text, "n1");
	request('3', -1, "n2", 40);             /* already there */
	ck_assert_str_eq(find(SM_STATUS)->text, "n2");
	end_world();
}
END_TEST

START_TEST(no_more_processes_message)
{
	start_world("id:0:initdefault:\nl0:0:wait:/halt\n");
	boot(0);
	ck_assert(!logged("no more processes"));
	exit_pid(pid_of("l0"), 0, 1);
	ck_assert(logged("no more processes left in this runlevel"));
	end_world();
}
END_TEST

/* The spawn of id, in the last step: its RUNLEVEL and PREVLEVEL. */
static const struct rec *spawn_of(const char *id)
{
	for (size_t i = 0; i < w.nrec; i++)
		if (w.rec[i].type == SM_SPAWN && strcmp(w.rec[i].id, id) == 0)
			return &w.rec[i];
	return NULL;
}

/* 2, then 3 and 4 asked for while a process of 2 is in its grace period:
 * as sysvinit, 3 is finished first (its wait entry starts as level 3's,
 * after 2), then 4 is recorded after 3, and stops what 4 has no room
 * for. */
START_TEST(requests_during_a_change_are_taken_in_turn)
{
	start_world("id:2:initdefault:\n"
		    "a:2:respawn:/a\n"
		    "w:34:wait:/w\n"
		    "t:3:respawn:/t\n"
		    "f:4:respawn:/f\n");
	boot(0);
	pid_t a = pid_of("a");
	request('3', -1, NULL, 100);
	/* With inittab read again, as main.c sends it: the table changes
	 * only once the answers to level 3's starts are in. */
	request_with('4', "id:2:initdefault:\na:2:respawn:/a\nw:34:wait:/w\n"
		     "t:3:respawn:/t\nf:4:respawn:/f\n", 110);
	ck_assert_ptr_null(find(SM_UTMP_RUNLEVEL));
	ck_assert_uint_eq(spawns(NULL), 0);
	exit_pid(a, SIGTERM, 200);
	const struct rec *s = spawn_of("w");
	ck_assert_ptr_nonnull(s);
	ck_assert_int_eq(s->level, '3');
	ck_assert_int_eq(s->prev, '2');
	/* Held back by w, t is not started; 4 comes after 3. */
	ck_assert_str_eq(spawn_order(), "w");
	const struct rec *rl = find(SM_UTMP_RUNLEVEL);
	ck_assert_ptr_nonnull(rl);
	ck_assert_int_eq(rl->level, '4');
	ck_assert_int_eq(rl->prev, '3');
	ck_assert(logged("Switching to runlevel: 4"));
	ck_assert_int_eq(sm_level(w.sm), '4');
	exit_pid(pid_of("w"), 0, 300);
	ck_assert_str_eq(spawn_order(), "f");
	s = spawn_of("f");
	ck_assert_int_eq(s->level, '4');
	ck_assert_int_eq(s->prev, '3');
	end_world();
}
END_TEST

TCase *sm_tcase_levels(void)
{
	TCase *tc = tcase_create("levels");

	tcase_add_test(tc, requests_during_a_change_are_taken_in_turn);

	tcase_add_test(tc, change_stops_then_starts_without_waiting_for_time);
	tcase_add_test(tc, change_kills_after_grace);
	tcase_add_test(tc, change_goes_on_past_a_hung_process);
	tcase_add_test(tc, hung_process_holds_nothing);
	tcase_add_test(tc, new_grace_leaves_hang_allowance);
	tcase_add_test(tc, change_with_nothing_to_stop_is_immediate);
	tcase_add_test(tc, same_level_request_changes_nothing);
	tcase_add_test(tc, off_entry_is_stopped_on_change);
	tcase_add_test(tc, single_user_gets_builtin_shell);
	tcase_add_test(tc, single_user_entries_replace_builtin_shell);
	tcase_add_test(tc, lowercase_levels_and_bad_levels);
	tcase_add_test(tc, wait_nonce_answered_when_change_completes);
	tcase_add_test(tc, no_more_processes_message);
	return tc;
}
