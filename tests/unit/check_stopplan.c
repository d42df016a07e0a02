/* Unit tests of the stop requests from outside (init/stopplan.c). */
#include "stopplan.h"
#include "table_fixture.h"

#include <check.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include "run_suite.h"

static void free_table(struct inittab *t)
{
	inittab_free(t);
	free(t);
}

START_TEST(rtmin_signals_stop)
{
	struct inittab *t = table("id:2:initdefault:\npw::powerwait:/pw\n");

	ck_assert_int_eq(stop_for_signal(SIGRTMIN + 4, 0, t), STOP_POWEROFF);
	ck_assert_int_eq(stop_for_signal(SIGRTMIN + 5, 0, t), STOP_REBOOT);
	/* Their neighbours ask for nothing. */
	ck_assert_int_eq(stop_for_signal(SIGRTMIN + 3, 0, t), STOP_NONE);
	ck_assert_int_eq(stop_for_signal(SIGRTMIN + 6, 0, t), STOP_NONE);
	ck_assert_int_eq(stop_for_signal(SIGTERM, 0, t), STOP_NONE);
	ck_assert_int_eq(stop_for_signal(SIGINT, 0, t), STOP_NONE);
	free_table(t);
}
END_TEST

START_TEST(sigpwr_stops_without_power_entries)
{
	static const char *const with[] = {
		"pw::powerwait:/x\n", "pf::powerfail:/x\n", "pn::powerfailnow:/x\n",
	};
	struct inittab *t = table("id:2:initdefault:\nca::ctrlaltdel:/x\npo::powerokwait:/x\n");

	ck_assert_int_eq(stop_for_signal(SIGPWR, 'F', t), STOP_POWEROFF);
	ck_assert_int_eq(stop_for_signal(SIGPWR, 'L', t), STOP_POWEROFF);
	/* The power is back: nothing to stop for. */
	ck_assert_int_eq(stop_for_signal(SIGPWR, 'O', t), STOP_NONE);
	free_table(t);
	for (size_t i = 0; i < sizeof(with) / sizeof(with[0]); i++) {
		t = table(with[i]);
		ck_assert_int_eq(stop_for_signal(SIGPWR, 'F', t), STOP_NONE);
		ck_assert_int_eq(stop_for_signal(SIGPWR, 'L', t), STOP_NONE);
		free_table(t);
	}
}
END_TEST

START_TEST(levels_and_variables_as_shutdown)
{
	ck_assert_int_eq(stop_level(STOP_POWEROFF), '0');
	ck_assert_int_eq(stop_level(STOP_REBOOT), '6');
	ck_assert_str_eq(stop_halt_var(STOP_POWEROFF), "INIT_HALT=POWEROFF");
	ck_assert_str_eq(stop_halt_var(STOP_REBOOT), "INIT_HALT");
}
END_TEST

/* A machine driven as the shell drives it: spawns get pids from 100. */
static struct sm *sm;
static struct sm_actions acts;
static pid_t next_pid;

static void feed(const struct sm_event *ev, int64_t now)
{
	ck_assert_int_eq(sm_step(sm, ev, now, &acts), 0);
	for (size_t i = 0; i < acts.n; i++) {
		if (acts.v[i].type != SM_SPAWN)
			continue;
		struct sm_event sp = { .type = SM_EV_SPAWNED, .entry = acts.v[i].entry,
				       .pid = next_pid++ };
		ck_assert_int_eq(sm_step(sm, &sp, now, &acts), 0);
	}
	sm_actions_clear(&acts);
}

static void level(char l, int64_t now)
{
	struct sm_event ev = { .type = SM_EV_REQUEST, .level = l, .grace_ms = 1000 };
	feed(&ev, now);
}

static void exited(pid_t pid, int64_t now)
{
	struct sm_event ev = { .type = SM_EV_EXIT, .pid = pid };
	feed(&ev, now);
}

static void start(const char *text)
{
	struct sm_event boot = { .type = SM_EV_BOOT };
	next_pid = 100;
	sm = sm_new(table(text));
	ck_assert_ptr_nonnull(sm);
	feed(&boot, 0);
}

static void stop(void)
{
	sm_actions_free(&acts);
	sm_free(sm);
}

START_TEST(progress_waits_for_the_level_entries)
{
	/* 100: the boot entry, 101: r2. */
	start("id:2:initdefault:\nbt::boot:/daemon\nr2:2:respawn:/r2\n"
	      "l0:0:wait:/rc0\nz0:0:once:/z0\n");
	ck_assert_int_eq(stop_progress(sm, '0', 0), STOP_OVERRIDDEN);
	level('0', 10);
	/* r2 is being stopped. */
	ck_assert_int_eq(stop_progress(sm, '0', 20), STOP_GOING);
	exited(101, 30);
	/* In level 0: rc0 (102) runs, z0 waits for it. */
	ck_assert_int_eq(stop_progress(sm, '0', 40), STOP_GOING);
	exited(102, 50);
	ck_assert_int_eq(stop_progress(sm, '0', 60), STOP_GOING);
	exited(103, 70);
	/* The boot entry's daemon (100) still runs: it does not count. */
	ck_assert_int_eq(stop_progress(sm, '0', 80), STOP_REACHED);
	ck_assert_int_eq(stop_progress(sm, '6', 80), STOP_OVERRIDDEN);
	stop();
}
END_TEST

START_TEST(progress_held_by_a_respawn_of_the_level)
{
	start("id:2:initdefault:\nr0:0:respawn:/r0\n");
	level('0', 10);
	ck_assert_int_eq(stop_progress(sm, '0', 20), STOP_GOING);
	/* Restarted at once: never reached. */
	exited(100, 30);
	ck_assert_int_eq(stop_progress(sm, '0', 40), STOP_GOING);
	stop();
}
END_TEST

START_TEST(progress_going_while_changing_and_overridden_after)
{
	start("id:2:initdefault:\nr2:2:respawn:/r2\nl0:0:wait:/rc0\n");
	level('0', 10);
	ck_assert_int_eq(stop_progress(sm, '0', 20), STOP_GOING);
	/* Another request before level 0 was reached. */
	level('3', 30);
	ck_assert_int_eq(stop_progress(sm, '0', 40), STOP_GOING);
	exited(100, 50);
	/* As sysvinit, level 0 is reached first (its rc, pid 101, starts);
	 * then 3 is taken, which stops it. */
	ck_assert_int_eq(stop_progress(sm, '0', 60), STOP_GOING);
	exited(101, 70);
	ck_assert_int_eq(stop_progress(sm, '0', 80), STOP_OVERRIDDEN);
	stop();
}
END_TEST

int main(void)
{
	Suite *s = suite_create("stopplan");
	TCase *tc = tcase_create("stop");

	tcase_add_test(tc, rtmin_signals_stop);
	tcase_add_test(tc, sigpwr_stops_without_power_entries);
	tcase_add_test(tc, levels_and_variables_as_shutdown);
	tcase_add_test(tc, progress_waits_for_the_level_entries);
	tcase_add_test(tc, progress_held_by_a_respawn_of_the_level);
	tcase_add_test(tc, progress_going_while_changing_and_overridden_after);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
