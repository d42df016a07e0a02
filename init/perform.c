/*
 * perform: the state machine driven (see perform.h).
 */
#include "perform.h"

#ifdef HAVE_MALLOC_TRIM
#include <malloc.h>
#endif
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <bsd/string.h>

#include "ask.h"
#include "clock.h"
#include "launch.h"
#include "log.h"
#include "proctitle.h"
#include "reexec.h"
#include "shellfallback.h"
#include "sm.h"
#include "statusout.h"
#include "utmpio.h"

void step(struct pid1 *p1, const struct sm_event *ev)
{
	if (sm_step(p1->sm, ev, clock_ms(), &p1->acts) != 0)
		log_msg("out of memory: an event may have been lost");
}

/* The console answered (or cannot): the level as if requested. */
void asked(struct pid1 *p1, char level)
{
	struct sm_event ev = { .type = SM_EV_REQUEST, .level = level, .grace_ms = -1,
			       .asked = true };

	/* Late: a telinit request answered in the same turn. */
	if (!level || !sm_asking(p1->sm))
		return;
	if (level == ASK_NO_ANSWER) {
		log_msg("no runlevel could be read from the console: going to single user");
		ev.level = 'S';
		ev.no_answer = true;
	}
	step(p1, &ev);
}

/* A run of starts, made together (the spawner is given them a window
 * at a time), then what came of each stepped back in, in order: as if
 * one after the other, since a start's event only appends actions. */
struct start {
	struct spawn_env env;
	struct entry shell;         /* where the entry is a built-in shell */
	size_t entry;
};

static void prepare_start(struct pid1 *p1, const struct sm_action *a, struct start *s,
			  struct spawn_req *req)
{
	s->env = (struct spawn_env){
		.level = a->level,
		.initscript = a->initscript,
		.prev = a->prev,
		.extra = sm_env(p1->sm),
		.inherited = (const char *const *)environ,
	};
	s->entry = a->entry;
	*req = (struct spawn_req){
		.e = builtin_shell_fallback(sm_entry(p1->sm, a->entry), &s->shell),
		.ctty = a->ctty,
		.env = &s->env,
	};
}

/* acts.v[first..first+n) are starts; returns how many were made (all,
 * or one when memory is short for the run). */
static size_t perform_spawns(struct pid1 *p1, size_t first, size_t n)
{
	struct start one, *v = n > 1 ? reallocarray(NULL, n, sizeof(*v)) : NULL;
	struct spawn_req one_req, *reqs = v ? reallocarray(NULL, n, sizeof(*reqs)) : NULL;

	if (!reqs) {
		free(v);
		n = 1;
		v = &one;
		reqs = &one_req;
	}
	/* The entries are the machine's, unchanged until stepped. */
	for (size_t i = 0; i < n; i++)
		prepare_start(p1, &p1->acts.v[first + i], &v[i], &reqs[i]);
	spawn_entries(reqs, n);
	for (size_t i = 0; i < n; i++) {
		struct sm_event ev = { .type = SM_EV_SPAWNED, .entry = v[i].entry,
				       .pid = reqs[i].pid, .err = reqs[i].err };
		step(p1, &ev);
	}
	if (v != &one) {
		free(v);
		free(reqs);
	}
	return n;
}

static void perform_kill(const struct sm_action *a)
{
	/* The whole process group: an rc script's children too. */
	if (kill(-a->pid, a->sig) != 0)
		kill(a->pid, a->sig);
}

struct reexec_answer {
	struct pid1 *p1;
	const char *nonce;
};

/* Written before the exec: the status file outlives this program (in
 * /run), and the next init keeps its answers (status_keep_previous). */
static void answer_done(void *ctx)
{
	struct reexec_answer *ra = ctx;

	if (!ra->nonce)
		return;
	queue_nonce(&ra->p1->asks, ra->nonce);
	write_status(&ra->p1->asks, ra->p1->sm);
}

static void perform_reexec(struct pid1 *p1, const char *nonce)
{
	struct reexec_answer ra = { p1, nonce };
	char why[STATUS_WHY_MAX];

	/* A fork of ours writing the state must not hold the lock on utmp
	 * for the init that comes next, and records waiting for the lock
	 * would be lost with this init's memory. */
	utmp_end_last_turn();
	reexec(p1->self, p1->sm, answer_done, &ra, why, sizeof(why));
	if (!nonce)
		return;
	/* Told done already, when the exec itself failed: told again. */
	for (size_t i = 0; i < p1->asks.n; i++) {
		if (strcmp(p1->asks.v[i].nonce, nonce) == 0) {
			strlcpy(p1->asks.v[i].refused, why, sizeof(p1->asks.v[i].refused));
			p1->asks.fresh++;
			return;
		}
	}
	queue_refusal(&p1->asks, nonce, why);
}

/* SM_REFUSED's text: the nonce, a space, why. */
static void answer_refused(struct pid1 *p1, char *text)
{
	char *sp = strchr(text, ' ');

	if (!sp)
		return;
	*sp = '\0';
	queue_refusal(&p1->asks, text, sp + 1);
}

static void perform_one(struct pid1 *p1, const struct sm_action *a)
{
	switch (a->type) {
	case SM_SPAWN:          /* in runs, by perform_spawns() */
		break;
	case SM_KILL:
		perform_kill(a);
		break;
	case SM_LOG:
		log_to(a->sink != SM_LOG_SYSLOG, a->sink != SM_LOG_CONSOLE, "%s", a->text);
		break;
	case SM_UTMP_BOOT:
		utmp_boot();
		break;
	case SM_UTMP_RUNLEVEL:
		utmp_runlevel(a->level, a->prev);
		break;
	case SM_UTMP_DEAD:
		utmp_dead_process(a->id, a->pid);
		break;
	case SM_ASK_LEVEL:
		asked(p1, ask_start(&p1->ask));
		break;
	case SM_REEXEC:
		perform_reexec(p1, a->text);
		break;
	case SM_REFUSED:
		answer_refused(p1, a->text);
		break;
	case SM_STATUS:
		queue_nonce(&p1->asks, a->text);
		break;
	}
}

/* After the actions: the list, and after a burst of starts the heap,
 * given back. */
static void give_back(struct pid1 *p1, size_t spawns)
{
	/* A burst leaves a long action list behind: not kept for good. */
	if (p1->acts.cap > 64)
		sm_actions_free(&p1->acts);
	else
		sm_actions_clear(&p1->acts);
#ifdef HAVE_MALLOC_TRIM
	/* A burst of starts (a boot, a level) raised the heap's high-water
	 * mark with each child's argv and environment: give the pages back
	 * once, not after every start. */
	if (spawns >= 16)
		malloc_trim(0);
#else
	(void)spawns;
#endif
}

/* A new level shown in the process title and the runlevel file. */
static void show_level(struct pid1 *p1)
{
	char title[16];

	if (sm_level(p1->sm) == p1->shown_level)
		return;
	p1->shown_level = sm_level(p1->sm);
	snprintf(title, sizeof(title), "init [%c]", p1->shown_level);
	proctitle_set(title);
}

/* As sysvinit 3: the level for whoever reads it there (runlevel's
 * fallback where utmp has no record). */
static void log_level(struct pid1 *p1)
{
	char level = sm_runlevel_log(p1->sm);

	if (level && level != p1->logged_level) {
		p1->logged_level = level;
		write_level_file(level);
	}
}

void perform(struct pid1 *p1)
{
	size_t spawns = 0;

	/* Spawns feed events back, which may append actions: index, and
	 * copy each action before acting, since the array may move. */
	for (size_t i = 0; i < p1->acts.n;) {
		struct sm_action a = p1->acts.v[i];
		size_t run = 0;

		while (i + run < p1->acts.n && p1->acts.v[i + run].type == SM_SPAWN)
			run++;
		if (run) {
			run = perform_spawns(p1, i, run);
			spawns += run;
			i += run;
			continue;
		}
		perform_one(p1, &a);
		i++;
	}
	give_back(p1, spawns);
	if (status_due(&p1->asks))
		write_status(&p1->asks, p1->sm);
	show_level(p1);
	log_level(p1);
}
