/*
 * The listing behind `telinit status`: pure formatting of what the state
 * machine knows, so its size is bounded by the table, never by uptime.
 */
#include "sm.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>

static const char *state_name(enum sm_proc_state s)
{
	switch (s) {
	case SM_STOPPED:  return "stopped";
	case SM_STARTING: return "starting";
	case SM_RUNNING:  return "running";
	case SM_STOPPING: return "stopping";
	case SM_WAITING:  return "waiting";
	case SM_DONE:     return "done";
	case SM_DISABLED: return "disabled";
	case SM_RETRY:    return "retrying";
	}
	return "?";
}

static const char *phase_name(const struct sm *sm)
{
	if (sm_booting(sm))
		return "booting";
	if (sm_changing(sm))
		return "changing";
	return "idle";
}

char *sm_status_text(const struct sm *sm, int64_t now)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return NULL;
	fprintf(f, "runlevel=%c previous=%c state=%s\n", sm_level(sm),
		sm_prevlevel(sm), phase_name(sm));
	fprintf(f, "%-5s %-7s %-12s %-24s %-7s %-9s %s\n", "ID", "LEVELS",
		"ACTION", "STATE", "PID", "RESTARTS", "LAST-EXIT");
	for (size_t i = 0; i < sm_count(sm); i++) {
		const struct entry *e = sm_entry(sm, i);
		struct sm_proc_info info;
		char levels[16], state[48], pid[16], last[32];

		sm_proc_info(sm, i, now, &info);
		if (e->levels_given)
			levels_format(e->levels, levels, sizeof(levels));
		else
			snprintf(levels, sizeof(levels), "-");
		if (info.state == SM_DISABLED)
			snprintf(state, sizeof(state), "disabled for %llds",
				 (long long)((info.disabled_left_ms + 999) / 1000));
		else
			snprintf(state, sizeof(state), "%s", state_name(info.state));
		if (info.pid > 0)
			snprintf(pid, sizeof(pid), "%d", (int)info.pid);
		else
			snprintf(pid, sizeof(pid), "-");
		if (!info.has_status)
			snprintf(last, sizeof(last), "-");
		else if (WIFSIGNALED(info.last_status))
			snprintf(last, sizeof(last), "signal %d", WTERMSIG(info.last_status));
		else
			snprintf(last, sizeof(last), "exit %d", WEXITSTATUS(info.last_status));
		fprintf(f, "%-5s %-7s %-12s %-24s %-7s %-9u %s\n", e->id, levels,
			action_name(e->action), state, pid, info.restarts, last);
	}
	if (fclose(f) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}
