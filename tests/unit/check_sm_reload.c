/*
 * Unit tests of the state machine: reload, the environment, re-exec and the status listing.
 */
#include "sm_world.h"

/* An entry keeps its process when its action stays (its command may
 * change); a changed action or a gone entry is stopped. */
START_TEST(reload_keeps_same_action_stops_changed_action_and_gone_starts_new)
{
	start_world("id:2:initdefault:\n"
		    "k:2:respawn:/keep\n"
		    "c:2:respawn:/old\n"
		    "x:2:respawn:/x\n"
		    "g:2:respawn:/gone\n");
	boot(0);
	pid_t k = pid_of("k"), c = pid_of("c"), x = pid_of("x"), g = pid_of("g");
	struct inittab *t = table("id:2:initdefault:\n"
				  "k:2:respawn:/keep\n"
				  "c:2:respawn:/new\n"
				  "x:2:once:/x\n"
				  "n:2:respawn:/n\n");
	struct sm_event ev = { .type = SM_EV_RELOAD, .grace_ms = -1, .table = t, .nonce = "q1" };
	feed(&ev, 10);
	ck_assert_uint_eq(kills(k, SIGTERM), 0);
	ck_assert_uint_eq(kills(x, SIGTERM), 1);
	/* As sysvinit: a changed command takes effect at the next start;
	 * the running process is left alone (a getty keeps its user). */
	ck_assert_uint_eq(kills(c, SIGTERM), 0);
	ck_assert_uint_eq(kills(g, SIGTERM), 1);
	/* As sysvinit: nothing starts before what was stopped is gone. */
	ck_assert_uint_eq(spawns(NULL), 0);
	ck_assert(sm_changing(w.sm));
	ck_assert_int_eq(pid_of("k"), k);
	ck_assert_int_eq(pid_of("c"), c);
	ck_assert_ptr_null(find(SM_STATUS));
	ck_assert(logged_to(SM_LOG_SYSLOG, "re-read inittab"));
	exit_pid(c, 0, 20);
	ck_assert_uint_eq(spawns(NULL), 0);
	ck_assert_uint_eq(count(SM_UTMP_DEAD, "c"), 1);
	/* Leftover processes (their entry gone) that ignore SIGTERM get SIGKILL after the grace. */
	tick(10 + SM_GRACE_DEFAULT_MS);
	ck_assert_uint_eq(kills(g, SIGKILL), 1);
	exit_pid(g, SIGKILL, 10 + SM_GRACE_DEFAULT_MS + 1);
	ck_assert_uint_eq(spawns(NULL), 0);
	/* x's end lets c (with its new command), the `once` entry x
	 * became and the new n run, and the request is answered. */
	exit_pid(x, SIGKILL, 10 + SM_GRACE_DEFAULT_MS + 2);
	ck_assert_str_eq(spawn_order(), "c x n");
	ck_assert_str_eq(sm_entry(w.sm, index_of("c"))->process, "/new");
	ck_assert_str_eq(find(SM_STATUS)->text, "q1");
	ck_assert(!sm_changing(w.sm));
	ck_assert_int_eq(sm_next_deadline(w.sm), -1);
	end_world();
}
END_TEST

START_TEST(reload_with_nothing_valid_keeps_old_table)
{
	start_world("id:2:initdefault:\nk:2:respawn:/keep\n");
	boot(0);
	struct inittab *t = malloc(sizeof(*t));
	inittab_init(t);
	struct sm_event ev = { .type = SM_EV_RELOAD, .grace_ms = -1, .table = t };
	feed(&ev, 10);
	ck_assert(logged("keeping the current one"));
	ck_assert_ptr_nonnull(inittab_find(sm_table(w.sm), "k"));
	ck_assert_uint_eq(count(SM_KILL, NULL), 0);
	end_world();
}
END_TEST

START_TEST(reload_runs_new_once_entries)
{
	start_world("id:2:initdefault:\no:2:once:/o\n");
	boot(0);
	exit_pid(pid_of("o"), 0, 1);
	struct inittab *t = table("id:2:initdefault:\no:2:once:/o\nn:2:once:/n\n");
	struct sm_event ev = { .type = SM_EV_RELOAD, .grace_ms = -1, .table = t };
	feed(&ev, 10);
	ck_assert_str_eq(spawn_order(), "n");
	end_world();
}
END_TEST

START_TEST(setenv_and_unset)
{
	start_world("id:2:initdefault:\n");
	boot(0);
	struct sm_event ev = { .type = SM_EV_SETENV, .var = "INIT_A=1" };
	feed(&ev, 1);
	ev.var = "INIT_B=2";
	feed(&ev, 1);
	ev.var = "INIT_A=3";
	feed(&ev, 1);
	const char *const *env = sm_env(w.sm);
	size_t n = 0;
	bool a3 = false, b2 = false;
	for (; env[n]; n++) {
		a3 |= strcmp(env[n], "INIT_A=3") == 0;
		b2 |= strcmp(env[n], "INIT_B=2") == 0;
	}
	ck_assert_uint_eq(n, 2);
	ck_assert(a3 && b2);
	ev.var = "INIT_A";
	feed(&ev, 1);
	ck_assert_str_eq(sm_env(w.sm)[0], "INIT_B=2");
	ck_assert_ptr_null(sm_env(w.sm)[1]);
	char var[32];
	for (int i = 0; i < INITREQ_ENV_MAX + 3; i++) {
		snprintf(var, sizeof(var), "INIT_V%d=x", i);
		ev.var = var;
		feed(&ev, 2);
	}
	for (n = 0; sm_env(w.sm)[n]; n++)
		;
	ck_assert_uint_eq(n, INITREQ_ENV_MAX);
	ck_assert(logged("too many variables"));
	end_world();
}
END_TEST

/* The state as init passes it across exec (reexec.c), and back: the
 * same pure calls, without the pipe and the check that each process is
 * still init's child. */
static char *save(const struct sm *sm)
{
	char err[128];
	size_t len;
	char *text = wirestate_save(sm, &len, err, sizeof(err));

	ck_assert_msg(text != NULL, "%s", err);
	ck_assert_uint_eq(strlen(text), len);
	return text;
}

static int restore(struct sm *sm, const char *text, int64_t now,
		   struct sm_actions *out)
{
	struct handover_state st;
	struct sm_saved s;
	char why[128];
	int r;

	handover_state_init(&st);
	r = wirestate_load(text, strlen(text), sm_table(sm), &st, &s, why, sizeof(why));
	if (r == 0)
		r = sm_import(sm, &s, now, out);
	free(s.procs);
	handover_state_free(&st);
	return r;
}

/* A state as initsuite 0.1 left it (reexec_restore_v1). */
static int restore_v1(struct sm *sm, const char *text, int64_t now,
		      struct sm_actions *out)
{
	struct sm_saved s;
	char *pool;
	int r = state_v1_parse(text, &s, &pool, NULL, NULL);

	if (r == 0)
		r = sm_import(sm, &s, now, out);
	free(pool);
	free(s.procs);
	return r;
}

START_TEST(save_and_restore_round_trip)
{
	const char *text = "id:2:initdefault:\nr:2:respawn:/r\no:2:once:/o\nw:2:wait:/w\n";
	start_world(text);
	boot(0);
	exit_pid(pid_of("r"), EXITED(4), 10);
	exit_pid(pid_of("w"), 0, 11);
	struct sm_event ev = { .type = SM_EV_SETENV, .var = "INIT_X=y" };
	feed(&ev, 12);
	pid_t r = pid_of("r"), o = pid_of("o");
	char *state = save(w.sm);
	ck_assert_ptr_nonnull(state);

	struct sm *again = sm_new(table(text));
	struct sm_actions acts = { 0 };
	ck_assert_int_eq(restore(again, state, 20, &acts), 0);
	/* Nothing is started again: everything was running or done. */
	for (size_t i = 0; i < acts.n; i++)
		ck_assert_int_ne(acts.v[i].type, SM_SPAWN);
	ck_assert_int_eq(sm_level(again), '2');
	ck_assert(sm_knows_pid(again, r));
	ck_assert(sm_knows_pid(again, o));
	ck_assert_str_eq(sm_env(again)[0], "INIT_X=y");
	struct sm_proc_info info;
	sm_proc_info(again, 1, 20, &info);
	ck_assert_int_eq(info.pid, r);
	ck_assert_uint_eq(info.restarts, 1);
	ck_assert_int_eq(WEXITSTATUS(info.last_status), 4);
	free(state);
	sm_actions_free(&acts);
	sm_free(again);
	end_world();
}
END_TEST

/* A killed process across a re-exec that took longer than its hang
 * allowance (or from a state that kept the KILL time there): it gets the
 * allowance anew, rather than "seems to hang" at once; and one whose
 * entry is gone from the new table is not told to stop all over again. */
START_TEST(restore_killed_process)
{
	const char *text = "id:2:initdefault:\na:2:respawn:/a\nb:2:respawn:/b\n";
	start_world(text);
	boot(0);
	pid_t a = pid_of("a"), b = pid_of("b");
	request('3', 1000, NULL, 0);
	tick(1000);
	ck_assert_uint_eq(kills(a, SIGKILL), 1);
	char *state = save(w.sm);
	ck_assert_ptr_nonnull(state);

	const int64_t late = 1000 + SM_HANG_MS + 5000;
	struct sm *again = sm_new(table("id:2:initdefault:\na:2:respawn:/a\n"));
	struct sm_actions acts = { 0 };
	ck_assert_int_eq(restore(again, state, late, &acts), 0);
	for (size_t i = 0; i < acts.n; i++) {
		ck_assert(acts.v[i].type != SM_LOG || !strstr(acts.v[i].text, "seems to hang"));
		ck_assert(acts.v[i].type != SM_KILL);
	}
	ck_assert(sm_changing(again));
	ck_assert_int_eq(sm_next_deadline(again), late + SM_HANG_MS);
	ck_assert(sm_knows_pid(again, b));
	free(state);
	sm_actions_free(&acts);
	sm_free(again);
	end_world();
}
END_TEST

START_TEST(restore_rejects_garbage)
{
	start_world("id:2:initdefault:\n");
	struct sm_actions acts = { 0 };
	ck_assert_int_eq(restore(w.sm, "hello\n", 0, &acts), -1);
	ck_assert_int_eq(restore(w.sm, "VER x\nREC a\n", 0, &acts), -1);
	ck_assert_int_eq(restore_v1(w.sm, "hello\n", 0, &acts), -1);
	ck_assert_int_eq(restore_v1(w.sm, "initsuite-state 1\nproc x\n", 0, &acts), -1);
	sm_actions_free(&acts);
	end_world();
}
END_TEST

/* 0.1's text state is still read: its processes are adopted, a leftover
 * is still stopped, what it does not name starts. */
START_TEST(restore_v1_state)
{
	const char *text = "id:2:initdefault:\nr:2:respawn:/r\nx:2:respawn:/x\n";
	struct sm *sm = sm_new(table(text));
	struct sm_actions acts = { 0 };
	struct sm_proc_info info;

	ck_assert_int_eq(restore_v1(sm, "initsuite-state 1\n"
				    "level 2 N - 5 3000\n"
				    "env INIT_X=y\n"
				    "proc r 123 0 0 0 0 0 0 0 0 0 1 2 1 1024\n"
				    "orphan q 456 0 0 0\n", 20, &acts), 0);
	ck_assert_int_eq(sm_level(sm), '2');
	ck_assert(sm_knows_pid(sm, 123));
	ck_assert(sm_knows_pid(sm, 456));
	ck_assert_str_eq(sm_env(sm)[0], "INIT_X=y");
	sm_proc_info(sm, 1, 20, &info);
	ck_assert_int_eq(info.pid, 123);
	ck_assert_uint_eq(info.restarts, 1);
	ck_assert_int_eq(WEXITSTATUS(info.last_status), 4);
	size_t spawns = 0;
	for (size_t i = 0; i < acts.n; i++)
		if (acts.v[i].type == SM_SPAWN) {
			ck_assert_str_eq(acts.v[i].id, "x");
			spawns++;
		}
	ck_assert_uint_eq(spawns, 1);
	sm_actions_free(&acts);
	sm_free(sm);
}
END_TEST

START_TEST(reexec_refused_while_booting)
{
	start_world("si::sysinit:/si\nid:2:initdefault:\n");
	boot(0);
	request('U', -1, NULL, 1);
	ck_assert_ptr_null(find(SM_REEXEC));
	ck_assert(logged("refused"));
	exit_pid(pid_of("si"), 0, 2);
	request('U', -1, NULL, 3);
	ck_assert_ptr_nonnull(find(SM_REEXEC));
	end_world();
}
END_TEST

/* As sysvinit's my_re_exec: telinit u is ignored in levels 7-9. */
START_TEST(reexec_ignored_in_levels_7_to_9)
{
	start_world("id:7:initdefault:\nr:789:respawn:/r\n");
	boot(0);
	request('U', -1, NULL, 1);
	ck_assert_ptr_null(find(SM_REEXEC));
	ck_assert(logged_to(SM_LOG_SYSLOG, "Trying to re-exec init"));
	request('6', -1, NULL, 2);
	exit_pid(pid_of("r"), SIGTERM, 3);
	request('U', -1, NULL, 4);
	ck_assert_ptr_nonnull(find(SM_REEXEC));
	end_world();
}
END_TEST

/* telinit u's nonce is answered: with SM_REEXEC when it is done, with
 * SM_REFUSED and why when not (booting, levels 7-9); a U that waits for a
 * change to end keeps its nonce; sysvinit's U (no nonce) gets no answer. */
START_TEST(reexec_answers)
{
	start_world("si::sysinit:/si\nid:2:initdefault:\nr:2:respawn:/r\nn:7:respawn:/n\n");
	boot(0);
	request('U', -1, "n1", 1);
	ck_assert_ptr_nonnull(find(SM_REFUSED));
	ck_assert_str_eq(find(SM_REFUSED)->text, "n1 re-exec refused while booting");
	request('U', -1, NULL, 1);
	ck_assert_ptr_null(find(SM_REFUSED));
	exit_pid(pid_of("si"), 0, 2);

	request('U', -1, "n2", 3);
	ck_assert_ptr_nonnull(find(SM_REEXEC));
	ck_assert_str_eq(find(SM_REEXEC)->text, "n2");
	ck_assert_ptr_null(find(SM_REFUSED));
	request('U', -1, NULL, 3);
	ck_assert_ptr_nonnull(find(SM_REEXEC));
	ck_assert_str_eq(find(SM_REEXEC)->text, "");

	/* During the change to 7, r stopping: U waits, its nonce kept. */
	pid_t r = pid_of("r");
	request('7', 5000, NULL, 4);
	request('U', -1, "n3", 5);
	ck_assert_ptr_null(find(SM_REEXEC));
	ck_assert_ptr_null(find(SM_REFUSED));
	exit_pid(r, SIGTERM, 6);
	ck_assert_ptr_nonnull(find(SM_REFUSED));
	ck_assert_str_eq(find(SM_REFUSED)->text,
			 "n3 re-exec ignored in runlevel 7, as sysvinit does");
	end_world();
}
END_TEST

START_TEST(idle_machine_has_no_deadline)
{
	start_world("id:2:initdefault:\na:2:respawn:/a\nb:2:once:/b\n");
	boot(0);
	ck_assert_int_eq(sm_next_deadline(w.sm), -1);
	exit_pid(pid_of("b"), 0, 5);
	ck_assert_int_eq(sm_next_deadline(w.sm), -1);
	end_world();
}
END_TEST

START_TEST(status_lists_every_entry)
{
	start_world("id:2:initdefault:\na:2:respawn:/a\nb:2:once:/b\n");
	boot(0);
	exit_pid(pid_of("b"), EXITED(2), 5);
	char *s = sm_status_text(w.sm, 6), want[1024], apid[16];
	ck_assert_ptr_nonnull(s);
	snprintf(apid, sizeof(apid), "%d", (int)pid_of("a"));
	/* Every entry on a line of its own, each column where it belongs,
	 * the built-in shell included. */
#define ROW "%-5s %-7s %-12s %-24s %-7s %-9u %s\n"
	snprintf(want, sizeof(want), "runlevel=2 previous=N state=idle\n"
		 "%-5s %-7s %-12s %-24s %-7s %-9s %s\n" ROW ROW ROW ROW,
		 "ID", "LEVELS", "ACTION", "STATE", "PID", "RESTARTS", "LAST-EXIT",
		 "id", "2", "initdefault", "stopped", "-", 0u, "-",
		 "a", "2", "respawn", "running", apid, 0u, "-",
		 "b", "2", "once", "done", "-", 0u, "exit 2",
		 BUILTIN_SHELL_ID, "S", "wait", "stopped", "-", 0u, "-");
#undef ROW
	ck_assert_str_eq(s, want);
	free(s);
	end_world();
}
END_TEST

/* As sysvinit's sleep_time: telinit -t N q stops with that request's
 * grace (0: KILL at once), and a SIGHUP, which brings none, with the
 * last one. */
START_TEST(reload_takes_the_grace_of_its_request)
{
	start_world("id:2:initdefault:\na:2:respawn:/a\nb:2:respawn:/b\nc:2:respawn:/c\n");
	boot(0);
	pid_t a = pid_of("a"), b = pid_of("b"), c = pid_of("c");
	struct sm_event ev = { .type = SM_EV_RELOAD, .grace_ms = 0,
			       .table = table("id:2:initdefault:\nb:2:respawn:/b\nc:2:respawn:/c\n") };
	feed(&ev, 10);
	ck_assert_uint_eq(kills(a, SIGKILL), 1);
	exit_pid(a, SIGKILL, 11);
	ev.grace_ms = 5000;
	ev.table = table("id:2:initdefault:\nc:2:respawn:/c\n");
	feed(&ev, 20);
	ck_assert_uint_eq(kills(b, SIGTERM), 1);
	ck_assert_int_eq(sm_next_deadline(w.sm), 5020);
	tick(5020);
	ck_assert_uint_eq(kills(b, SIGKILL), 1);
	exit_pid(b, SIGKILL, 5021);
	ev.grace_ms = -1;
	ev.table = table("id:2:initdefault:\n");
	feed(&ev, 6000);
	ck_assert_uint_eq(kills(c, SIGTERM), 1);
	ck_assert_int_eq(sm_next_deadline(w.sm), 11000);
	end_world();
}
END_TEST

/* telinit a after an edit re-reads inittab as sysvinit's read_level
 * does: the demand entries start once what it stopped is gone. */
START_TEST(demand_after_edit_starts_after_the_stops)
{
	start_world("id:2:initdefault:\nx:2:respawn:/x\n");
	boot(0);
	pid_t x = pid_of("x");
	request_with('a', "id:2:initdefault:\nd:a:ondemand:/d\n", 10);
	ck_assert_uint_eq(kills(x, SIGTERM), 1);
	ck_assert_uint_eq(spawns(NULL), 0);
	exit_pid(x, SIGTERM, 20);
	ck_assert_str_eq(spawn_order(), "d");
	end_world();
}
END_TEST

TCase *sm_tcase_reload(void)
{
	TCase *tc = tcase_create("reload");

	tcase_add_test(tc, reload_takes_the_grace_of_its_request);
	tcase_add_test(tc, demand_after_edit_starts_after_the_stops);
	tcase_add_test(tc, reexec_ignored_in_levels_7_to_9);

	tcase_add_test(tc, reload_keeps_same_action_stops_changed_action_and_gone_starts_new);
	tcase_add_test(tc, reload_with_nothing_valid_keeps_old_table);
	tcase_add_test(tc, reload_runs_new_once_entries);
	tcase_add_test(tc, setenv_and_unset);
	tcase_add_test(tc, save_and_restore_round_trip);
	tcase_add_test(tc, restore_killed_process);
	tcase_add_test(tc, restore_rejects_garbage);
	tcase_add_test(tc, restore_v1_state);
	tcase_add_test(tc, reexec_refused_while_booting);
	tcase_add_test(tc, reexec_answers);
	tcase_add_test(tc, idle_machine_has_no_deadline);
	tcase_add_test(tc, status_lists_every_entry);
	return tc;
}
