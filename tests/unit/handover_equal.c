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
	       a->starts == b->starts &&
	       a->window_start_ms == b->window_start_ms &&
	       a->window_count == b->window_count &&
	       a->disabled_until_ms == b->disabled_until_ms &&
	       a->retry_at_ms == b->retry_at_ms &&
	       a->stopping == b->stopping && a->killed == b->killed &&
	       a->kill_at_ms == b->kill_at_ms &&
	       a->ondemand_active == b->ondemand_active &&
	       a->event_pending == b->event_pending &&
	       a->has_status == b->has_status &&
	       (!a->has_status || a->last_status == b->last_status) &&
	       a->no_utmp == b->no_utmp && a->leftover == b->leftover;
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
