/*
 * The machine's state as sysvinit's hand-over state and back: our own
 * round trip, sysvinit's real state taken in, and ours as sysvinit reads
 * it (flags, levels, actions and processes in its spelling).
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "wirestate.h"
#include "handover.h"
#include "sm.h"
#include "table_fixture.h"
#include "run_suite.h"

/* One step of sm at now, each spawn it asks for given the next pid, but
 * the spawn of entry id (if not NULL) fails as fork does when short of
 * memory; what it asked for is then cleared. */
static void step_failing(struct sm *sm, struct sm_event *ev, int64_t now,
			 struct sm_actions *acts, pid_t *next_pid, const char *id)
{
	ck_assert_int_eq(sm_step(sm, ev, now, acts), 0);
	for (size_t i = 0; i < acts->n; i++) {
		if (acts->v[i].type != SM_SPAWN)
			continue;
		bool fail = id && strcmp(acts->v[i].id, id) == 0;
		struct sm_event sp = { .type = SM_EV_SPAWNED, .entry = acts->v[i].entry,
				       .pid = fail ? 0 : (*next_pid)++, .err = fail ? EAGAIN : 0 };
		ck_assert_int_eq(sm_step(sm, &sp, now, acts), 0);
	}
	sm_actions_clear(acts);
}

static void step(struct sm *sm, struct sm_event *ev, int64_t now, struct sm_actions *acts,
		 pid_t *next_pid)
{
	step_failing(sm, ev, now, acts, next_pid, NULL);
}

static pid_t pid_of(const struct sm *sm, const char *id)
{
	for (size_t i = 0; i < sm_count(sm); i++) {
		if (strcmp(sm_entry(sm, i)->id, id) != 0)
			continue;
		struct sm_proc_info info;
		sm_proc_info(sm, i, 0, &info);
		return info.pid;
	}
	return -1;
}

/* A new machine on table text, booted at time 0 into level (0: its
 * initdefault). */
static struct sm *booted(const char *text, char level, struct sm_actions *acts,
			 pid_t *next_pid)
{
	struct sm *sm = sm_new(table(text));
	struct sm_event ev = { .type = SM_EV_BOOT, .boot = { .level = level } };

	step(sm, &ev, 0, acts, next_pid);
	return sm;
}

/* The process of entry id exits at now. */
static void exits(struct sm *sm, const char *id, int64_t now, struct sm_actions *acts,
		  pid_t *next_pid)
{
	struct sm_event ex = { .type = SM_EV_EXIT, .pid = pid_of(sm, id) };

	step(sm, &ex, now, acts, next_pid);
}

static const char tab[] =
	"id:2:initdefault:\n"
	"si::sysinit:/si\n"
	"w2:2:wait:/w2\n"
	"r1:2345:respawn:/bin/sleep 7001\n"
	"r2:23:respawn:+/bin/sleep 7002\n"
	"oa:a:ondemand:/oa\n"
	"ca::ctrlaltdel:/ca\n";

/* saved (of a machine with table old) through the wire and into a new
 * machine of text. */
static struct sm *trip_saved(const struct sm_saved *saved, const struct inittab *old,
			     const char *text, int64_t now, struct sm_actions *acts)
{
	struct sm_saved in;
	struct handover_state st, back;
	char err[128];
	size_t len;

	handover_state_init(&st);
	ck_assert_int_eq(wirestate_to_wire(saved, old, &st), 0);
	char *wire = handover_encode(&st, &len, err, sizeof(err));
	ck_assert_ptr_nonnull(wire);
	ck_assert_int_eq(handover_decode(wire, len, &back, err, sizeof(err)), 0);
	struct sm *again = sm_new(table(text));
	ck_assert_int_eq(wirestate_from_wire(&back, sm_table(again), &in, err, sizeof(err)), 0);
	ck_assert_int_eq(sm_import(again, &in, now, acts), 0);
	free(in.procs);
	free(wire);
	handover_state_free(&st);
	handover_state_free(&back);
	return again;
}

/* sm out through the wire text and into a new machine on table text at
 * time now; acts gets what the import asked for. */
static struct sm *trip(struct sm *sm, const char *text, int64_t now,
		       struct sm_actions *acts)
{
	struct sm_saved saved;

	ck_assert_int_eq(sm_export(sm, &saved), 0);
	struct sm *again = trip_saved(&saved, sm_table(sm), text, now, acts);
	free(saved.procs);
	sm_free(sm);
	return again;
}

/* Ours out and in again: the same machine, nothing started again. */
START_TEST(round_trip)
{
	struct sm_actions acts = { 0 };
	pid_t next = 100;
	struct sm *sm = booted(tab, 0, &acts, &next);
	exits(sm, "si", 1, &acts, &next);
	exits(sm, "w2", 2, &acts, &next);
	struct sm_event a = { .type = SM_EV_REQUEST, .level = 'a', .grace_ms = -1 };
	step(sm, &a, 3, &acts, &next);
	struct sm_event env = { .type = SM_EV_SETENV, .var = "INIT_X=1" };
	step(sm, &env, 4, &acts, &next);
	pid_t r1 = pid_of(sm, "r1"), oa = pid_of(sm, "oa");
	ck_assert_int_gt(oa, 0);

	struct sm *again = trip(sm, tab, 10, &acts);
	for (size_t i = 0; i < acts.n; i++)
		ck_assert_int_ne(acts.v[i].type, SM_SPAWN);
	ck_assert_int_eq(sm_level(again), '2');
	ck_assert_int_eq(pid_of(again, "r1"), r1);
	ck_assert_int_eq(pid_of(again, "oa"), oa);
	ck_assert_str_eq(sm_env(again)[0], "INIT_X=1");
	sm_actions_free(&acts);
	sm_free(again);
}
END_TEST

static void same_records(const struct sm_saved *a, const struct sm_saved *b)
{
	ck_assert_uint_eq(a->nprocs, b->nprocs);
	for (size_t i = 0; i < a->nprocs; i++) {
		const struct procrec *x = &a->procs[i], *y = &b->procs[i];
		ck_assert_str_eq(x->id, y->id);
		ck_assert_int_eq(x->pid, y->pid);
		ck_assert_int_eq(x->leftover, y->leftover);
		ck_assert_int_eq(x->no_utmp, y->no_utmp);
		ck_assert_int_eq(x->stopping, y->stopping);
		ck_assert_int_eq(x->killed, y->killed);
		ck_assert_int_eq(x->hung, y->hung);
		ck_assert_int_eq(x->stage_ends_at, y->stage_ends_at);
		if (x->leftover)
			continue;       /* a leftover holds no more than that */
		/* "ran" travels as sysvinit's XECUTED, "ran or running": of a
		 * running respawn entry (where it means nothing) it comes
		 * back set. */
		ck_assert_int_eq(x->ran || x->pid > 0, y->ran || y->pid > 0);
		ck_assert_int_eq(x->od_active, y->od_active);
		ck_assert_int_eq(x->event_pending, y->event_pending);
		ck_assert_int_eq(x->disabled_until, y->disabled_until);
		ck_assert_int_eq(x->retry_at, y->retry_at);
		ck_assert_int_eq(x->window_start, y->window_start);
		ck_assert_uint_eq(x->window_starts, y->window_starts);
		ck_assert_uint_eq(x->starts, y->starts);
		ck_assert_int_eq(x->has_status, y->has_status);
		ck_assert_int_eq(x->last_status, y->last_status);
	}
}

/* Every field of every record comes through: a respawn window part
 * used, one used up (disabled), a retry due, a process being stopped,
 * one killed that seems to hang, and a leftover. */
START_TEST(round_trip_keeps_every_record_field)
{
	const char *text = "id:2:initdefault:\nf:2:respawn:/f\nh:2:respawn:/h\n"
			   "r:2:respawn:/r\nk:2:respawn:/k\nj:2:respawn:/j\n"
			   "g:2:respawn:+/g\n";
	const char *mid = "id:2:initdefault:\nf:2:respawn:/f\nh:2:respawn:/h\n"
			  "r:2:respawn:/r\nk:2:respawn:/k\nj:2:once:/j\n";
	const char *after = "id:2:initdefault:\nf:2:respawn:/f\nh:2:respawn:/h\n"
			    "r:2:respawn:/r\nk:2:once:/k\nj:2:once:/j\n";
	struct sm *sm = sm_new(table(text));
	struct sm_actions acts = { 0 };
	struct sm_saved before, back;
	pid_t next = 100;
	int64_t now = 0;

	struct sm_event ev = { .type = SM_EV_BOOT };
	step_failing(sm, &ev, now, &acts, &next, "r");
	/* j and g are stopped, killed, and seem to hang. */
	struct sm_event reload = { .type = SM_EV_RELOAD, .grace_ms = -1, .table = table(mid) };
	step_failing(sm, &reload, ++now, &acts, &next, "r");
	struct sm_event tick = { .type = SM_EV_TICK };
	step_failing(sm, &tick, now += SM_GRACE_DEFAULT_MS, &acts, &next, "r");
	step_failing(sm, &tick, now += SM_HANG_MS, &acts, &next, "r");
	/* k is being stopped. */
	struct sm_event reload2 = { .type = SM_EV_RELOAD, .grace_ms = -1, .table = table(after) };
	step_failing(sm, &reload2, ++now, &acts, &next, "r");
	/* Nothing respawns while k is being stopped (as sysvinit's
	 * read_inittab waits for it): a window part used and one used up
	 * are made by hand, as a saved state of an older init may hold
	 * them together with a stop under way. */
	ck_assert_int_eq(sm_export(sm, &before), 0);
	before.procs[1].disabled_until = now + SM_RESPAWN_PAUSE_MS;
	before.procs[1].window_starts = 0;
	before.procs[2].window_starts = 3;
	before.procs[2].window_start = now - 10;
	struct sm *again = trip_saved(&before, sm_table(sm), after, now, &acts);
	sm_free(sm);
	ck_assert_int_eq(sm_export(again, &back), 0);
	/* What this test is about is there to be lost. */
	ck_assert_uint_eq(before.nprocs, 8);    /* and the built-in shell */
	ck_assert_int_gt(before.procs[1].disabled_until, 0);
	ck_assert_uint_gt(before.procs[2].window_starts, 0);
	ck_assert_int_gt(before.procs[3].retry_at, 0);
	ck_assert(before.procs[4].stopping && !before.procs[4].killed);
	ck_assert(before.procs[5].killed && before.procs[5].hung);
	ck_assert(before.procs[7].leftover && before.procs[7].no_utmp && before.procs[7].hung);
	same_records(&before, &back);
	free(before.procs);
	free(back.procs);
	sm_actions_free(&acts);
	sm_free(again);
}
END_TEST

static size_t actions_of(const struct sm_actions *acts, enum sm_action_type type,
			 const char *text)
{
	size_t n = 0;
	for (size_t i = 0; i < acts->n; i++)
		if (acts->v[i].type == type && (!text || strstr(acts->v[i].text, text)))
			n++;
	return n;
}

/* As in a re-executed sysvinit, whose boot_transitions warns anew:
 * once nothing is left running, "no more processes left in this
 * runlevel" is said again after a re-exec. */
START_TEST(settle_said_after_reexec)
{
	const char *text = "id:2:initdefault:\nw:2:wait:/w\n";
	struct sm_actions acts = { 0 };
	pid_t next = 100;
	struct sm *sm = booted(text, 0, &acts, &next);
	pid_t wp = pid_of(sm, "w");
	struct sm *again = trip(sm, text, 1, &acts);
	ck_assert_uint_eq(actions_of(&acts, SM_LOG, "no more processes"), 0);
	struct sm_event ex = { .type = SM_EV_EXIT, .pid = wp };
	ck_assert_int_eq(sm_step(again, &ex, 2, &acts), 0);
	ck_assert_uint_eq(actions_of(&acts, SM_LOG, "no more processes"), 1);
	sm_actions_free(&acts);
	sm_free(again);
}
END_TEST

/* Re-executed in single user and while asking for a level at its end:
 * the new init asks, and again, and the answer is taken as before. */
START_TEST(asking_round_trip)
{
	const char *text = "bt::boot:/bt\nsu:S:wait:/su\nr:2:respawn:/r\n";
	struct sm_actions acts = { 0 };
	pid_t next = 100;
	struct sm *sm = booted(text, 'S', &acts, &next);
	/* Re-executed while sulogin runs: its end still asks. */
	sm = trip(sm, text, 1, &acts);
	sm_actions_clear(&acts);
	ck_assert_int_gt(pid_of(sm, "su"), 0);
	exits(sm, "su", 1, &acts, &next);
	ck_assert(sm_asking(sm));

	sm = trip(sm, text, 2, &acts);
	ck_assert(sm_asking(sm));
	ck_assert_int_eq(sm_level(sm), 'S');
	ck_assert_uint_eq(actions_of(&acts, SM_ASK_LEVEL, NULL), 1);
	ck_assert_uint_eq(actions_of(&acts, SM_SPAWN, NULL), 0);
	sm_actions_clear(&acts);
	struct sm_event two = { .type = SM_EV_REQUEST, .level = '2', .grace_ms = -1,
				.asked = true };
	step(sm, &two, 3, &acts, &next);
	ck_assert_int_eq(sm_level(sm), '2');
	ck_assert_int_gt(pid_of(sm, "bt"), 0);
	ck_assert_int_gt(pid_of(sm, "r"), 0);
	sm_actions_free(&acts);
	sm_free(sm);
}
END_TEST

/* Re-executed within a killed process's hang allowance: it keeps it (one
 * "seems to hang", when due); once it seems to hang, that is kept too. */
START_TEST(hang_round_trip)
{
	const char *text = "id:2:initdefault:\na:2:respawn:/a\n";
	struct sm_actions acts = { 0 };
	pid_t next = 100;
	struct sm *sm = booted(text, 0, &acts, &next);
	struct sm_event three = { .type = SM_EV_REQUEST, .level = '3', .grace_ms = 1000 };
	step(sm, &three, 0, &acts, &next);
	struct sm_event tick = { .type = SM_EV_TICK };
	step(sm, &tick, 1000, &acts, &next);
	ck_assert_int_eq(sm_next_deadline(sm), 1000 + SM_HANG_MS);

	sm = trip(sm, text, 1500, &acts);
	ck_assert_uint_eq(actions_of(&acts, SM_LOG, "seems to hang"), 0);
	ck_assert(sm_changing(sm));
	ck_assert_int_eq(sm_next_deadline(sm), 1000 + SM_HANG_MS);
	sm_actions_clear(&acts);
	ck_assert_int_eq(sm_step(sm, &tick, 1000 + SM_HANG_MS, &acts), 0);
	ck_assert_uint_eq(actions_of(&acts, SM_LOG, "seems to hang"), 1);
	ck_assert(!sm_changing(sm));
	sm_actions_clear(&acts);

	sm = trip(sm, text, 3000, &acts);
	ck_assert_uint_eq(actions_of(&acts, SM_LOG, "seems to hang"), 0);
	ck_assert_uint_eq(actions_of(&acts, SM_KILL, NULL), 0);
	ck_assert(!sm_changing(sm));
	ck_assert_int_eq(sm_level(sm), '3');
	ck_assert_int_eq(sm_next_deadline(sm), -1);
	sm_actions_free(&acts);
	sm_free(sm);
}
END_TEST

/* sysvinit 3.06's own state (tests/unit/data, captured from the real
 * one): the level, the running children and what ran are ours now. */
START_TEST(from_sysvinit)
{
	FILE *f = fopen(TOP_SRCDIR "/tests/unit/data/handover-sysvinit-3.06-settled", "rb");
	ck_assert_ptr_nonnull(f);
	char buf[8192];
	size_t len = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	struct handover_state st;
	char err[128];
	ck_assert_int_eq(handover_decode(buf, len, &st, err, sizeof(err)), 0);

	struct sm *sm = sm_new(table(
		"id:2:initdefault:\n"
		"si::sysinit:/bin/sh -c 'echo sysinit >>/tmp/ran'\n"
		"w2:2:wait:/bin/sh -c 'echo wait >>/tmp/ran'\n"
		"o2:2:once:/bin/sh -c 'echo once >>/tmp/ran'\n"
		"r1:2345:respawn:/bin/sleep 7001\n"
		"r2:23:respawn:+/bin/sleep 7002\n"
		"r3:3:respawn:/bin/sleep 7003\n"
		"oa:a:ondemand:/bin/sleep 7004\n"
		"of:2:off:/bin/sleep 7005\n"
		"ca::ctrlaltdel:/bin/echo ctrlaltdel\n"));
	struct sm_saved saved;
	struct sm_actions acts = { 0 };
	ck_assert_int_eq(wirestate_from_wire(&st, sm_table(sm), &saved, err, sizeof(err)), 0);
	ck_assert_int_eq(sm_import(sm, &saved, 0, &acts), 0);
	/* Nothing runs again: once, wait and Ctrl-Alt-Del are done. */
	for (size_t i = 0; i < acts.n; i++)
		ck_assert_int_ne(acts.v[i].type, SM_SPAWN);
	ck_assert_int_eq(sm_level(sm), '2');
	ck_assert_int_eq(sm_prevlevel(sm), 'N');
	ck_assert_int_eq(pid_of(sm, "r1"), 49);
	ck_assert_int_eq(pid_of(sm, "r2"), 50);
	ck_assert_int_eq(pid_of(sm, "oa"), 52);
	ck_assert_int_eq(pid_of(sm, "w2"), 0);
	/* Its ondemand entry stays on: it respawns. */
	struct sm_event ex = { .type = SM_EV_EXIT, .pid = 52 };
	ck_assert_int_eq(sm_step(sm, &ex, 1, &acts), 0);
	bool respawned = false;
	for (size_t i = 0; i < acts.n; i++)
		respawned |= acts.v[i].type == SM_SPAWN &&
			     strcmp(sm_entry(sm, acts.v[i].entry)->id, "oa") == 0;
	ck_assert(respawned);
	free(saved.procs);
	handover_state_free(&st);
	sm_actions_free(&acts);
	sm_free(sm);
}
END_TEST

/* Ours as sysvinit reads it: its flags and spellings. */
START_TEST(to_sysvinit)
{
	struct sm_actions acts = { 0 };
	pid_t next = 100;
	struct sm *sm = booted(tab, 0, &acts, &next);
	exits(sm, "si", 1, &acts, &next);
	struct sm_saved saved;
	struct handover_state st;
	handover_state_init(&st);
	ck_assert_int_eq(sm_export(sm, &saved), 0);
	ck_assert_int_eq(wirestate_to_wire(&saved, sm_table(sm), &st), 0);
	ck_assert_int_eq(st.runlevel, '2');
	ck_assert_int_eq(st.prevlevel, 'N');
	ck_assert_int_eq(st.sleep_time, 3);
	for (size_t i = 0; i < st.nrecs; i++) {
		const struct handover_rec *r = &st.recs[i];
		if (strcmp(r->id, "w2") == 0) {
			/* Running and waited for. */
			ck_assert_uint_eq(r->flags, HANDOVER_FL_RU | HANDOVER_FL_XD | HANDOVER_FL_WT);
			ck_assert_str_eq(r->levels, "2");
		} else if (strcmp(r->id, "r2") == 0) {
			ck_assert_str_eq(r->process, "+/bin/sleep 7002");
		} else if (strcmp(r->id, "ca") == 0) {
			/* Not due: sysvinit's XECUTED. */
			ck_assert_uint_eq(r->flags, HANDOVER_FL_XD);
			ck_assert_str_eq(r->levels, "S0123456789");
		} else if (strcmp(r->id, "si") == 0) {
			ck_assert_str_eq(r->levels, "#");
		} else if (strcmp(r->id, "~~") == 0) {
			ck_assert_str_eq(r->action, "wait");
		}
	}
	free(saved.procs);
	handover_state_free(&st);
	sm_actions_free(&acts);
	sm_free(sm);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("wirestate");
	TCase *tc = tcase_create("wirestate");
	tcase_add_test(tc, round_trip);
	tcase_add_test(tc, round_trip_keeps_every_record_field);
	tcase_add_test(tc, asking_round_trip);
	tcase_add_test(tc, settle_said_after_reexec);
	tcase_add_test(tc, hang_round_trip);
	tcase_add_test(tc, from_sysvinit);
	tcase_add_test(tc, to_sysvinit);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
