/*
 * sm_out: what the machine hands the shell, as actions appended to a list:
 * spawns, signals, log lines and utmp records.
 */
#include "sm_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bsd/stdlib.h>
#include <bsd/string.h>

void sm_actions_clear(struct sm_actions *a)
{
	for (size_t i = 0; i < a->n; i++)
		free(a->v[i].text);
	a->n = 0;
}

void sm_actions_free(struct sm_actions *a)
{
	sm_actions_clear(a);
	free(a->v);
	a->v = NULL;
	a->cap = 0;
}

struct sm_action *emit(struct sm *sm, struct sm_actions *out,
		       enum sm_action_type type)
{
	if (out->n == out->cap) {
		size_t cap = out->cap ? out->cap * 2 : 16;
		struct sm_action *v = reallocarray(out->v, cap, sizeof(*v));
		if (!v) {
			sm->oom = true;
			return NULL;
		}
		out->v = v;
		out->cap = cap;
	}
	struct sm_action *a = &out->v[out->n++];
	memset(a, 0, sizeof(*a));
	a->type = type;
	return a;
}

/* An action that carries text (malloc'd, the action's from now on, or
 * freed when there is no memory for the action). */
static struct sm_action *emit_text(struct sm *sm, struct sm_actions *out,
				   enum sm_action_type type, char *text)
{
	struct sm_action *a = emit(sm, out, type);

	if (!a) {
		free(text);
		return NULL;
	}
	a->text = text;
	return a;
}

static void vsay(struct sm *sm, struct sm_actions *out, enum sm_log_sink sink,
		 const char *fmt, va_list ap)
{
	char *text;

	if (vasprintf(&text, fmt, ap) < 0) {
		sm->oom = true;
		return;
	}
	struct sm_action *a = emit_text(sm, out, SM_LOG, text);
	if (a)
		a->sink = sink;
}

/* Answer telinit u's nonce with why it was not done (sm_int.h). */
void reexec_refused(struct sm *sm, struct sm_actions *out, const char *nonce,
		    const char *why)
{
	char *text;

	if (!nonce || !*nonce)
		return;
	if (asprintf(&text, "%s %s", nonce, why) < 0) {
		sm->oom = true;
		return;
	}
	emit_text(sm, out, SM_REFUSED, text);
}

/* A message for the console and syslog, as sysvinit's L_VB. */
void say(struct sm *sm, struct sm_actions *out, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

void say(struct sm *sm, struct sm_actions *out, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsay(sm, out, SM_LOG_BOTH, fmt, ap);
	va_end(ap);
}

/* One for the console or syslog alone, where sysvinit says it there. */
void say_to(struct sm *sm, struct sm_actions *out, enum sm_log_sink sink,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

void say_to(struct sm *sm, struct sm_actions *out, enum sm_log_sink sink,
	    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsay(sm, out, sink, fmt, ap);
	va_end(ap);
}

void send_signal(struct sm *sm, struct sm_actions *out, pid_t pid,
		 int sig)
{
	struct sm_action *a = emit(sm, out, SM_KILL);
	if (a) {
		a->pid = pid;
		a->sig = sig;
	}
}

void utmp_record(struct sm *sm, struct sm_actions *out,
		 enum sm_action_type type, const char *id, pid_t pid)
{
	struct sm_action *a = emit(sm, out, type);
	if (a) {
		strlcpy(a->id, id, sizeof(a->id));
		a->pid = pid;
	}
}

void runlevel_record(struct sm *sm, struct sm_actions *out, char level,
		     char prev)
{
	struct sm_action *a = emit(sm, out, SM_UTMP_RUNLEVEL);

	if (a) {
		a->level = level;
		a->prev = prev;
	}
}
