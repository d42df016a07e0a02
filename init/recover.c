/*
 * recover: a running system taken for state (see recover.h).
 */
#include "recover.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <utmpx.h>

#include <bsd/string.h>

#include "command.h"
#include "procfs.h"
#include "utmpio.h"

struct found {
	pid_t *children;          /* init's children, 0 once claimed */
	size_t nchildren;
	struct utmpx *ut;
	size_t nut;
};

static bool claim(struct found *f, pid_t pid)
{
	for (size_t i = 0; i < f->nchildren; i++) {
		if (f->children[i] == pid) {
			f->children[i] = 0;
			return true;
		}
	}
	return false;
}

/* The entry's process by its utmp slot: the pid there (a getty, or
 * whatever init started), or its parent (Debian's login puts the shell's
 * pid in the slot and stays as its parent). */
static pid_t by_utmp(struct found *f, const char *id)
{
	for (size_t i = 0; i < f->nut; i++) {
		const struct utmpx *u = &f->ut[i];
		if ((u->ut_type != INIT_PROCESS && u->ut_type != LOGIN_PROCESS &&
		     u->ut_type != USER_PROCESS) || u->ut_pid <= 0 ||
		    strncmp(u->ut_id, id, sizeof(u->ut_id)) != 0)
			continue;
		if (claim(f, u->ut_pid))
			return u->ut_pid;
		pid_t parent = procfs_parent(u->ut_pid);
		if (parent > 0 && claim(f, parent))
			return parent;
	}
	return 0;
}

/* The entry's process by its command line: a child of init that runs
 * exactly the words init would exec for it. */
static pid_t by_cmdline(struct found *f, const struct entry *e)
{
	char **argv;
	pid_t found = 0;

	if (command_argv(e, NULL, &argv) != 0)
		return 0;
	for (size_t i = 0; i < f->nchildren && !found; i++) {
		size_t len, at = 0, k = 0;
		char *cmd;
		if (!f->children[i] || !(cmd = procfs_cmdline(f->children[i], &len)))
			continue;
		for (; argv[k] && at < len; k++) {
			size_t n = strlen(argv[k]);
			if (at + n >= len || memcmp(cmd + at, argv[k], n + 1) != 0)
				break;
			at += n + 1;
		}
		if (!argv[k] && at == len)
			found = f->children[i];
		free(cmd);
	}
	command_free(argv);
	if (found)
		claim(f, found);
	return found;
}

static void levels_from_utmp(const struct found *f, char *level, char *prev, bool *booted)
{
	for (size_t i = 0; i < f->nut; i++) {
		const struct utmpx *u = &f->ut[i];
		if (u->ut_type == BOOT_TIME)
			*booted = true;
		if (u->ut_type == RUN_LVL && level_bit((char)(u->ut_pid % 256))) {
			*level = (char)(u->ut_pid % 256);
			*prev = (char)(u->ut_pid / 256);
		}
	}
}

/* e's record as it must be after a boot into level: what the level runs
 * once has run, and its process, when one is found, adopted.  Returns
 * that pid, or 0. */
static pid_t recover_entry(struct found *f, const struct entry *e, char level,
			   struct procrec *p)
{
	strlcpy(p->id, e->id, sizeof(p->id));
	/* Boot is over, and what the level runs once has run. */
	p->ran = action_is(e->action, AP_BOOT) ||
		 (action_is(e->action, AP_ONCE) && (entry_levels(e) & level_bit(level)));
	if (action_is(e->action, AP_SETTING) || action_is(e->action, AP_EVENT))
		return 0;
	pid_t pid = e->no_utmp ? 0 : by_utmp(f, e->id);
	if (!pid)
		pid = by_cmdline(f, e);
	if (pid) {
		p->pid = pid;
		p->starts = 1;
	}
	return pid;
}

int recover(struct sm *sm, int64_t now, struct sm_actions *out,
	    char *summary, size_t size)
{
	const struct inittab *t = sm_table(sm);
	struct found f = { 0 };
	struct sm_saved s = { .phase = SM_PH_RUNNING, .grace_ms = -1, .did_boot = true };
	char level = 0, prev = 'N', adopted[512] = "";
	bool booted = false;
	size_t nadopted = 0, nother = 0;
	int r = -1;

	f.children = procfs_children(getpid(), &f.nchildren);
	f.ut = utmp_read_all(&f.nut);
	levels_from_utmp(&f, &level, &prev, &booted);
	const char *from = "utmp's RUN_LVL record";
	if (!level) {
		level = t->initdefault ? t->initdefault : 'S';
		from = t->initdefault ? "initdefault, utmp has no RUN_LVL record" :
					"none found: single user";
	}
	s.level = level;
	s.prev = prev;
	if (!(s.procs = calloc(t->count + 1, sizeof(*s.procs))))
		goto out;
	for (size_t i = 0; i < t->count; i++) {
		const struct entry *e = &t->entries[i];
		pid_t pid = recover_entry(&f, e, level, &s.procs[s.nprocs++]);
		if (!pid)
			continue;
		nadopted++;
		size_t used = strlen(adopted);
		snprintf(adopted + used, sizeof(adopted) - used, "%s%s=%d",
			 used ? " " : "", e->id, (int)pid);
	}
	for (size_t i = 0; i < f.nchildren; i++)
		nother += f.children[i] != 0;
	r = sm_import(sm, &s, now, out);
	snprintf(summary, size, "runlevel %c (from %s%s); adopted %zu process%s%s%s%s; "
		 "not recovered: respawn counters, telinit -e variables, telinit -W waiters",
		 level, from, booted ? "" : ", no BOOT_TIME record", nadopted,
		 nadopted == 1 ? "" : "es", nadopted ? " (" : "", adopted, nadopted ? ")" : "");
	if (nother) {
		size_t used = strlen(summary);
		snprintf(summary + used, size - used, "; %zu other child%s left to run, reaped when done",
			 nother, nother == 1 ? "" : "ren");
	}
out:
	free(s.procs);
	free(f.children);
	free(f.ut);
	return r;
}
