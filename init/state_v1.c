/*
 * state_v1: the 0.1 re-exec state text (see state_v1.h).
 */
#include "state_v1.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bsd/stdlib.h>
#include <bsd/string.h>

static struct procrec *new_proc(struct sm_saved *s, size_t *cap)
{
	if (s->nprocs == *cap) {
		size_t n = *cap ? *cap * 2 : 16;
		struct procrec *v = reallocarray(s->procs, n, sizeof(*v));
		if (!v)
			return NULL;
		s->procs = v;
		*cap = n;
	}
	struct procrec *p = &s->procs[s->nprocs++];
	memset(p, 0, sizeof(*p));
	return p;
}

/* 1 read, 0 not a line of this kind, -1 out of memory. */
static int parse_proc(const char *line, struct sm_saved *s, size_t *cap)
{
	char id[INITTAB_ID_MAX + 2];
	int pid, stopping, killed, ran, od, ev, hs, ls, nu;
	long long kill_at, dis, retry, wstart;
	unsigned wstarts, starts;
	struct procrec *p;

	if (sscanf(line, "proc %5s %d %d %d %lld %d %d %d %lld %lld %lld %u %u %d %d",
		   id, &pid, &stopping, &killed, &kill_at, &ran, &od, &ev, &dis,
		   &retry, &wstart, &wstarts, &starts, &hs, &ls) == 15) {
		if (!(p = new_proc(s, cap)))
			return -1;
		*p = (struct procrec){
			.pid = pid, .stopping = stopping, .killed = killed,
			.hung = killed && !kill_at, .stage_ends_at = kill_at,
			.ran = ran, .od_active = od,
			.event_pending = ev, .disabled_until = dis,
			.retry_at = retry, .window_start = wstart,
			.window_starts = wstarts, .starts = starts,
			.has_status = hs, .last_status = ls,
		};
	} else if (sscanf(line, "orphan %5s %d %d %d %lld", id, &pid, &nu, &killed,
			  &kill_at) == 5) {
		if (!(p = new_proc(s, cap)))
			return -1;
		*p = (struct procrec){
			.pid = pid, .leftover = true, .no_utmp = nu,
			.stopping = true, .killed = killed, .hung = killed && !kill_at,
			.stage_ends_at = kill_at,
		};
	} else {
		return 0;
	}
	strlcpy(p->id, id, sizeof(p->id));
	return 1;
}

int state_v1_parse(const char *text, struct sm_saved *out, char **pool,
		   inittab_diag_fn diag, void *ctx)
{
	size_t cap = 0, magic = strlen(STATE_V1_MAGIC);
	bool have_level = false;

	memset(out, 0, sizeof(*out));
	*pool = NULL;
	if (strncmp(text, STATE_V1_MAGIC, magic) != 0)
		return -1;
	/* One copy of the text whose lines become strings: env values
	 * point into it. */
	if (!(*pool = strdup(text + magic)))
		return -1;
	for (char *line = *pool, *next; *line; line = next) {
		char lv, pv, tg;
		int phase, grace, r = 0;

		next = line + strcspn(line, "\n");
		if (*next)
			*next++ = '\0';
		if (sscanf(line, "level %c %c %c %d %d", &lv, &pv, &tg, &phase, &grace) == 5) {
			out->level = lv;
			out->prev = pv;
			out->target = tg == '-' ? 0 : tg;
			out->phase = (enum sm_phase)phase;
			out->grace_ms = grace;
			/* 0.1 ran the boot entries before any level. */
			out->did_boot = true;
			have_level = true;
			continue;
		}
		if (strncmp(line, "env ", 4) == 0 && out->nenv < INITREQ_ENV_MAX) {
			out->env[out->nenv++] = line + 4;
			continue;
		}
		if ((r = parse_proc(line, out, &cap)) < 0)
			return -1;
		if (r == 0 && diag) {
			char msg[160];
			snprintf(msg, sizeof(msg), "re-exec: ignoring bad state line \"%.100s\"", line);
			diag(ctx, msg);
		}
	}
	return have_level ? 0 : -1;
}
