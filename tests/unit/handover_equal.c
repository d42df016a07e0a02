/*
 * handover_equal: whether two hand-over states carry the same values, for
 * the tests (check_handover and the hand-over fuzz target).
 */
#include "handover_equal.h"

#include <string.h>

static bool rec_equal(const struct handover_rec *a, const struct handover_rec *b)
{
	return strcmp(a->id, b->id) == 0 &&
	       strcmp(a->levels, b->levels) == 0 &&
	       a->flags == b->flags && a->pid == b->pid &&
	       a->exstat == b->exstat &&
	       strcmp(a->action, b->action) == 0 &&
	       strcmp(a->process ? a->process : "", b->process ? b->process : "") == 0 &&
	       a->proc.starts == b->proc.starts &&
	       a->proc.window_start == b->proc.window_start &&
	       a->proc.window_starts == b->proc.window_starts &&
	       a->proc.disabled_until == b->proc.disabled_until &&
	       a->proc.retry_at == b->proc.retry_at &&
	       a->proc.stopping == b->proc.stopping && a->proc.killed == b->proc.killed &&
	       a->proc.stage_ends_at == b->proc.stage_ends_at &&
	       a->proc.od_active == b->proc.od_active &&
	       a->proc.event_pending == b->proc.event_pending &&
	       a->proc.has_status == b->proc.has_status &&
	       (!a->proc.has_status || a->proc.last_status == b->proc.last_status) &&
	       a->proc.no_utmp == b->proc.no_utmp && a->proc.leftover == b->proc.leftover;
}

bool handover_equal(const struct handover_state *a,
		    const struct handover_state *b)
{
	if (strcmp(a->version, b->version) != 0 ||
	    a->runlevel != b->runlevel || a->thislevel != b->thislevel ||
	    a->prevlevel != b->prevlevel || a->got_signals != b->got_signals ||
	    a->wrote_wtmp_reboot != b->wrote_wtmp_reboot ||
	    a->wrote_utmp_reboot != b->wrote_utmp_reboot ||
	    a->sleep_time != b->sleep_time || a->did_boot != b->did_boot ||
	    a->wrote_wtmp_rlevel != b->wrote_wtmp_rlevel ||
	    a->wrote_utmp_rlevel != b->wrote_utmp_rlevel ||
	    a->nrecs != b->nrecs || a->phase != b->phase ||
	    a->target != b->target || a->grace_ms != b->grace_ms ||
	    a->nenv != b->nenv || a->nwaiters != b->nwaiters ||
	    strcmp(a->console_id, b->console_id) != 0)
		return false;
	for (size_t i = 0; i < a->nrecs; i++)
		if (!rec_equal(&a->recs[i], &b->recs[i]))
			return false;
	for (size_t i = 0; i < a->nenv; i++)
		if (strcmp(a->env[i], b->env[i]) != 0)
			return false;
	for (size_t i = 0; i < a->nwaiters; i++)
		if (strcmp(a->waiters[i], b->waiters[i]) != 0)
			return false;
	return true;
}
