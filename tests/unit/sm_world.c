/*
 * sm_world: the fake shell of the state machine's unit tests (see
 * sm_world.h).
 */
#include "sm_world.h"

#include "builtin.h"

struct world w;

void ignore_diag(void *ctx, const char *msg)
{
	(void)ctx;
	ck_abort_msg("unexpected diagnostic: %s", msg);
}

/* Perform actions as main.c does: spawns answer at once. */
void perform(int64_t now)
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

void feed(const struct sm_event *ev, int64_t now)
{
	w.nrec = 0;
	ck_assert_int_eq(sm_step(w.sm, ev, now, &w.acts), 0);
	perform(now);
}

void start_world(const char *text)
{
	memset(&w, 0, sizeof(w));
	w.next_pid = 1000;
	w.sm = sm_new(table(text));
	ck_assert_ptr_nonnull(w.sm);
}

void boot(int64_t now)
{
	struct sm_event ev = { .type = SM_EV_BOOT };
	feed(&ev, now);
}

/* Booted with a runlevel on the kernel's command line. */
void boot_into(char level, int64_t now)
{
	struct sm_event ev = { .type = SM_EV_BOOT, .boot = { .level = level } };
	feed(&ev, now);
}

void exit_pid(pid_t pid, int status, int64_t now)
{
	struct sm_event ev = { .type = SM_EV_EXIT, .pid = pid, .status = status };
	feed(&ev, now);
}

void request(char level, int grace_ms, const char *nonce, int64_t now)
{
	struct sm_event ev = { .type = SM_EV_REQUEST, .level = level,
			       .grace_ms = grace_ms, .nonce = nonce };
	feed(&ev, now);
}

/* The console's answer to SM_ASK_LEVEL. */
void answer(char level, int64_t now)
{
	struct sm_event ev = { .type = SM_EV_REQUEST, .level = level, .grace_ms = -1,
			       .asked = true };
	feed(&ev, now);
}

void tick(int64_t now)
{
	struct sm_event ev = { .type = SM_EV_TICK };
	feed(&ev, now);
}

void end_world(void)
{
	sm_actions_free(&w.acts);
	sm_free(w.sm);
}

/* The pid of the newest running process of entry id, or 0. */
pid_t pid_of(const char *id)
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

struct sm_proc_info info_of(const char *id, int64_t now)
{
	struct sm_proc_info info = { 0 };
	for (size_t i = 0; i < sm_count(w.sm); i++)
		if (strcmp(sm_entry(w.sm, i)->id, id) == 0)
			sm_proc_info(w.sm, i, now, &info);
	return info;
}

size_t count(enum sm_action_type type, const char *id)
{
	size_t n = 0;
	for (size_t i = 0; i < w.nrec; i++)
		if (w.rec[i].type == type && (!id || strcmp(w.rec[i].id, id) == 0))
			n++;
	return n;
}

size_t spawns(const char *id) { return count(SM_SPAWN, id); }

/* The spawned ids of the last step, in order, joined with spaces. */
const char *spawn_order(void)
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

bool logged(const char *text)
{
	for (size_t i = 0; i < w.nrec; i++)
		if (w.rec[i].type == SM_LOG && strstr(w.rec[i].text, text))
			return true;
	return false;
}

bool logged_to(enum sm_log_sink sink, const char *text)
{
	for (size_t i = 0; i < w.nrec; i++)
		if (w.rec[i].type == SM_LOG && w.rec[i].sink == sink &&
		    strstr(w.rec[i].text, text))
			return true;
	return false;
}

size_t index_of(const char *id)
{
	for (size_t i = 0; i < sm_count(w.sm); i++)
		if (strcmp(sm_entry(w.sm, i)->id, id) == 0)
			return i;
	ck_abort_msg("no entry %s", id);
	return 0;
}

void reload(const char *text, int64_t now)
{
	struct sm_event ev = { .type = SM_EV_RELOAD, .grace_ms = -1, .table = table(text) };
	feed(&ev, now);
}

/* A level request with inittab read again, as main.c sends it. */
void request_with(char level, const char *text, int64_t now)
{
	struct sm_event ev = { .type = SM_EV_REQUEST, .level = level, .grace_ms = -1,
			       .table = table(text) };
	feed(&ev, now);
}

size_t kills(pid_t pid, int sig)
{
	size_t n = 0;
	for (size_t i = 0; i < w.nrec; i++)
		if (w.rec[i].type == SM_KILL && w.rec[i].pid == pid && w.rec[i].sig == sig)
			n++;
	return n;
}

const struct rec *find(enum sm_action_type type)
{
	for (size_t i = 0; i < w.nrec; i++)
		if (w.rec[i].type == type)
			return &w.rec[i];
	return NULL;
}
