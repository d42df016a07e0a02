/*
 * Unit tests of the runlevel state machine, with a fake clock and a fake
 * shell: spawns get made-up pids, exits are events we inject.
 */
#include <check.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "bootopts.h"
#include "builtin.h"
#include "handoff.h"
#include "handover.h"
#include "sm.h"
#include "state_v1.h"

#define MAXREC 4096

struct rec {
	enum sm_action_type type;
	char id[8];
	pid_t pid;
	int sig;
	char level, prev;
	bool ctty;
	enum sm_log_sink sink;
	char text[256];
};

/* The fake shell and everything it saw during the last step. */
static struct world {
	struct sm *sm;
	struct sm_actions acts;
	pid_t next_pid;
	int fail_err;        /* next spawns fail with this errno */
	struct rec rec[MAXREC];
	size_t nrec;
	char pids[64][8];    /* id of each pid - 1000 */
} w;

static void ignore_diag(void *ctx, const char *msg)
{
	(void)ctx;
	ck_abort_msg("unexpected diagnostic: %s", msg);
}

static struct inittab *table(const char *text)
{
	struct inittab *t = malloc(sizeof(*t));
	ck_assert_ptr_nonnull(t);
	inittab_init(t);
	ck_assert_int_eq(inittab_parse(t, "inittab", text, strlen(text), ignore_diag, NULL), 0);
	return t;
}

static void feed(const struct sm_event *ev, int64_t now);

/* Perform actions as main.c does: spawns answer at once. */
static void perform(int64_t now)
{
	for (size_t i = 0; i < w.acts.n; i++) {
		struct sm_action a = w.acts.v[i];
		ck_assert_uint_lt(w.nrec, MAXREC);
		struct rec *r = &w.rec[w.nrec++];
		memset(r, 0, sizeof(*r));
		r->type = a.type;
		r->pid = a.pid;
		r->sig = a.sig;
		r->level = a.level;
		r->prev = a.prev;
		r->ctty = a.ctty;
		r->sink = a.sink;
		snprintf(r->id, sizeof(r->id), "%s", a.id);
		if (a.text)
			snprintf(r->text, sizeof(r->text), "%s", a.text);
		if (a.type == SM_SPAWN) {
			const struct entry *e = sm_entry(w.sm, a.entry);
			struct sm_event ev = { .type = SM_EV_SPAWNED, .entry = a.entry };
			snprintf(r->id, sizeof(r->id), "%s", e->id);
			if (w.fail_err) {
				ev.pid = -1;
				ev.err = w.fail_err;
			} else {
				ev.pid = w.next_pid++;
				r->pid = ev.pid;
				snprintf(w.pids[ev.pid - 1000], sizeof(w.pids[0]), "%s", e->id);
			}
			ck_assert_int_eq(sm_step(w.sm, &ev, now, &w.acts), 0);
		}
	}
	sm_actions_clear(&w.acts);
}

static void feed(const struct sm_event *ev, int64_t now)
{
	w.nrec = 0;
	ck_assert_int_eq(sm_step(w.sm, ev, now, &w.acts), 0);
	perform(now);
}

static void start_world(const char *text)
{
	memset(&w, 0, sizeof(w));
	w.next_pid = 1000;
	w.sm = sm_new(table(text));
	ck_assert_ptr_nonnull(w.sm);
}

static void boot(int64_t now)
{
	struct sm_event ev = { .type = SM_EV_BOOT };
	feed(&ev, now);
}

/* Booted with a runlevel on the kernel's command line. */
static void boot_into(char level, int64_t now)
{
	struct sm_event ev = { .type = SM_EV_BOOT, .boot = { .level = level } };
	feed(&ev, now);
}

static void exit_pid(pid_t pid, int status, int64_t now)
{
	struct sm_event ev = { .type = SM_EV_EXIT, .pid = pid, .status = status };
	feed(&ev, now);
}

static void request(char level, int grace_ms, const char *nonce, int64_t now)
{
	struct sm_event ev = { .type = SM_EV_LEVEL, .level = level,
			       .grace_ms = grace_ms, .nonce = nonce };
	feed(&ev, now);
}

/* The console's answer to SM_ASK_LEVEL. */
static void answer(char level, int64_t now)
{
	struct sm_event ev = { .type = SM_EV_LEVEL, .level = level, .grace_ms = -1,
			       .asked = true };
	feed(&ev, now);
}

static void tick(int64_t now)
{
	struct sm_event ev = { .type = SM_EV_TICK };
	feed(&ev, now);
}

static void end_world(void)
{
	sm_actions_free(&w.acts);
	sm_free(w.sm);
}

/* The pid of the newest running process of entry id, or 0. */
static pid_t pid_of(const char *id)
{
	for (size_t i = 0; i < sm_count(w.sm); i++) {
		if (strcmp(sm_entry(w.sm, i)->id, id) != 0)
			continue;
		struct sm_proc_info info;
		sm_proc_info(w.sm, i, 0, &info);
		return info.pid;
	}
	return 0;
}

static struct sm_proc_info info_of(const char *id, int64_t now)
{
	struct sm_proc_info info = { 0 };
	for (size_t i = 0; i < sm_count(w.sm); i++)
		if (strcmp(sm_entry(w.sm, i)->id, id) == 0)
			sm_proc_info(w.sm, i, now, &info);
	return info;
}

static size_t count(enum sm_action_type type, const char *id)
{
	size_t n = 0;
	for (size_t i = 0; i < w.nrec; i++)
		if (w.rec[i].type == type && (!id || strcmp(w.rec[i].id, id) == 0))
			n++;
	return n;
}

static size_t spawns(const char *id) { return count(SM_SPAWN, id); }

/* The spawned ids of the last step, in order, joined with spaces. */
static const char *spawn_order(void)
{
	static char buf[512];
	buf[0] = 0;
	for (size_t i = 0; i < w.nrec; i++) {
		if (w.rec[i].type != SM_SPAWN)
			continue;
		if (buf[0])
			strcat(buf, " ");
		strcat(buf, w.rec[i].id);
	}
	return buf;
}

static bool logged(const char *text)
{
	for (size_t i = 0; i < w.nrec; i++)
		if (w.rec[i].type == SM_LOG && strstr(w.rec[i].text, text))
			return true;
	return false;
}

static bool logged_to(enum sm_log_sink sink, const char *text)
{
	for (size_t i = 0; i < w.nrec; i++)
		if (w.rec[i].type == SM_LOG && w.rec[i].sink == sink &&
		    strstr(w.rec[i].text, text))
			return true;
	return false;
}

static size_t index_of(const char *id)
{
	for (size_t i = 0; i < sm_count(w.sm); i++)
		if (strcmp(sm_entry(w.sm, i)->id, id) == 0)
			return i;
	ck_abort_msg("no entry %s", id);
	return 0;
}

static void reload(const char *text, int64_t now)
{
	struct sm_event ev = { .type = SM_EV_RELOAD, .table = table(text) };
	feed(&ev, now);
}

/* A level request with inittab read again, as main.c sends it. */
static void request_with(char level, const char *text, int64_t now)
{
	struct sm_event ev = { .type = SM_EV_LEVEL, .level = level, .grace_ms = -1,
			       .table = table(text) };
	feed(&ev, now);
}

static size_t kills(pid_t pid, int sig)
{
	size_t n = 0;
	for (size_t i = 0; i < w.nrec; i++)
		if (w.rec[i].type == SM_KILL && w.rec[i].pid == pid && w.rec[i].sig == sig)
			n++;
	return n;
}

static const struct rec *find(enum sm_action_type type)
{
	for (size_t i = 0; i < w.nrec; i++)
		if (w.rec[i].type == type)
			return &w.rec[i];
	return NULL;
}

#define EXITED(code) ((code) << 8)

/* ---- boot ------------------------------------------------------------- */

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

/* ---- actions in a level ----------------------------------------------- */

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

/* ---- runlevel changes ------------------------------------------------- */

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
	struct sm_event ev = { .type = SM_EV_RELOAD, .table = t };
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
	struct sm_event none = { .type = SM_EV_LEVEL, .level = 'S', .no_answer = true,
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

/* ---- telinit -W ------------------------------------------------------- */

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

/* ---- ondemand and events ---------------------------------------------- */

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

START_TEST(shorter_grace_of_a_later_request_applies)
{
	start_world("id:2:initdefault:\na:2:respawn:/a\n");
	boot(0);
	pid_t a = pid_of("a");
	request('3', 30000, NULL, 1000);
	ck_assert_uint_eq(kills(a, SIGTERM), 1);
	ck_assert_int_eq(sm_next_deadline(w.sm), 31000);
	request('4', 1000, NULL, 2000);
	ck_assert_int_eq(sm_next_deadline(w.sm), 3000);
	tick(3000);
	ck_assert_uint_eq(kills(a, SIGKILL), 1);
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

/* ---- spawn failures --------------------------------------------------- */

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

/* ---- reload ----------------------------------------------------------- */

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
	struct sm_event ev = { .type = SM_EV_RELOAD, .table = t, .nonce = "q1" };
	feed(&ev, 10);
	ck_assert_uint_eq(kills(k, SIGTERM), 0);
	ck_assert_uint_eq(kills(x, SIGTERM), 1);
	/* As sysvinit: a changed command takes effect at the next start;
	 * the running process is left alone (a getty keeps its user). */
	ck_assert_uint_eq(kills(c, SIGTERM), 0);
	ck_assert_uint_eq(kills(g, SIGTERM), 1);
	ck_assert_str_eq(spawn_order(), "n");
	ck_assert_int_eq(pid_of("k"), k);
	ck_assert_int_eq(pid_of("c"), c);
	ck_assert_str_eq(find(SM_STATUS)->text, "q1");
	ck_assert(logged_to(SM_LOG_SYSLOG, "re-read inittab"));
	exit_pid(c, 0, 20);
	ck_assert_str_eq(spawn_order(), "c");
	ck_assert_str_eq(sm_entry(w.sm, index_of("c"))->process, "/new");
	ck_assert_uint_eq(count(SM_UTMP_DEAD, "c"), 1);
	/* Leftover processes (their entry gone) that ignore SIGTERM get SIGKILL after the grace. */
	tick(10 + SM_GRACE_DEFAULT_MS);
	ck_assert_uint_eq(kills(g, SIGKILL), 1);
	exit_pid(g, SIGKILL, 10 + SM_GRACE_DEFAULT_MS + 1);
	ck_assert_uint_eq(spawns(NULL), 0);
	/* x's end lets the `once` entry it became run. */
	exit_pid(x, SIGKILL, 10 + SM_GRACE_DEFAULT_MS + 2);
	ck_assert_str_eq(spawn_order(), "x");
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
	struct sm_event ev = { .type = SM_EV_RELOAD, .table = t };
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
	struct sm_event ev = { .type = SM_EV_RELOAD, .table = t };
	feed(&ev, 10);
	ck_assert_str_eq(spawn_order(), "n");
	end_world();
}
END_TEST

/* ---- environment ------------------------------------------------------ */

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

/* ---- re-exec ---------------------------------------------------------- */

/* The state as init passes it across exec (reexec.c), and back: the
 * same pure calls, without the pipe and the check that each process is
 * still init's child. */
static char *save(const struct sm *sm)
{
	char err[128];
	size_t len;
	char *text = handoff_save(sm, &len, err, sizeof(err));

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
	r = handoff_load(text, strlen(text), sm_table(sm), &st, &s, why, sizeof(why));
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

/* ---- idle and status -------------------------------------------------- */

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
	struct sm_event ev = { .type = SM_EV_RELOAD, .table = t };
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
	struct sm_event ev = { .type = SM_EV_RELOAD, .table = t };
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

/* ---- as sysvinit, case by case (issue 13) ----------------------------- */

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
	exit_pid(t1, 0, 4);
	ck_assert_str_eq(spawn_order(), "t1");
	ck_assert_str_eq(sm_entry(w.sm, index_of("t1"))->process, "/sleep 1002");
	/* x's once runs after its respawn process is gone. */
	exit_pid(x, SIGTERM, 5);
	ck_assert_str_eq(spawn_order(), "x");
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

static Suite *sm_suite(void)
{
	Suite *s = suite_create("sm");
	TCase *tc;

	tc = tcase_create("boot");
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
	suite_add_tcase(s, tc);

	tc = tcase_create("actions");
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
	tcase_add_test(tc, shorter_grace_of_a_later_request_applies);
	tcase_add_test(tc, power_events);
	tcase_add_test(tc, event_entry_honours_its_levels);
	tcase_add_test(tc, fork_failure_retries_later);
	tcase_add_test(tc, exec_failure_trips_rate_limit);
	suite_add_tcase(s, tc);

	tc = tcase_create("levels");
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
	suite_add_tcase(s, tc);

	tc = tcase_create("reload");
	tcase_add_test(tc, reload_keeps_same_action_stops_changed_action_and_gone_starts_new);
	tcase_add_test(tc, reload_with_nothing_valid_keeps_old_table);
	tcase_add_test(tc, reload_runs_new_once_entries);
	tcase_add_test(tc, setenv_and_unset);
	tcase_add_test(tc, save_and_restore_round_trip);
	tcase_add_test(tc, restore_killed_process);
	tcase_add_test(tc, restore_rejects_garbage);
	tcase_add_test(tc, restore_v1_state);
	tcase_add_test(tc, reexec_refused_while_booting);
	tcase_add_test(tc, idle_machine_has_no_deadline);
	tcase_add_test(tc, status_lists_every_entry);
	suite_add_tcase(s, tc);
	tc = tcase_create("sysvinit");
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
	suite_add_tcase(s, tc);

	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(sm_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
