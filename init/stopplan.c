/*
 * stopplan: stop requests from outside decided (see stopplan.h).
 */
#include "stopplan.h"

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

static bool has_power_entries(const struct inittab *t)
{
	for (size_t i = 0; t && i < t->count; i++) {
		enum action a = t->entries[i].action;
		if (a == ACT_POWERWAIT || a == ACT_POWERFAIL || a == ACT_POWERFAILNOW)
			return true;
	}
	return false;
}

enum stop_end stop_for_signal(int signo, char power, const struct inittab *t)
{
	/* glibc's SIGRTMIN is no constant: no case labels. */
	if (signo == SIGRTMIN + 4)
		return STOP_POWEROFF;
	if (signo == SIGRTMIN + 5)
		return STOP_REBOOT;
	if (signo == SIGPWR && power != 'O' && !has_power_entries(t))
		return STOP_POWEROFF;
	return STOP_NONE;
}

char stop_level(enum stop_end end)
{
	return end == STOP_REBOOT ? '6' : end == STOP_POWEROFF ? '0' : 0;
}

const char *stop_halt_var(enum stop_end end)
{
	return end == STOP_POWEROFF ? "INIT_HALT=POWEROFF" : "INIT_HALT";
}

/* Whether entry i has a process, or will have one without a new event. */
static bool entry_holds(const struct sm *sm, size_t i, int64_t now)
{
	struct sm_proc_info info;

	if (sm_entry(sm, i)->action == ACT_BOOT)
		return false;
	sm_proc_info(sm, i, now, &info);
	return info.state != SM_STOPPED && info.state != SM_DONE;
}

enum stop_progress stop_progress(const struct sm *sm, char level, int64_t now)
{
	if (sm_booting(sm) || sm_asking(sm) || sm_changing(sm))
		return STOP_GOING;
	if (sm_level(sm) != level)
		return STOP_OVERRIDDEN;
	for (size_t i = 0; i < sm_count(sm); i++)
		if (entry_holds(sm, i, now))
			return STOP_GOING;
	return STOP_REACHED;
}
