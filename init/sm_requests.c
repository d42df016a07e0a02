/*
 * sm_requests: what telinit leaves with the machine beyond a level: the
 * -W waiters to answer once settled and the INIT_* environment.
 */
#include "sm_int.h"

#include <stdlib.h>
#include <string.h>

#include <bsd/string.h>

void waiter_add(struct sm *sm, const char *nonce)
{
	if (!nonce || !*nonce)
		return;
	if (sm->nwaiters == SM_NONCE_MAX) {
		/* The oldest waiter has most likely given up by now. */
		memmove(sm->waiters[0], sm->waiters[1],
			sizeof(sm->waiters[0]) * (SM_NONCE_MAX - 1));
		sm->nwaiters--;
	}
	strlcpy(sm->waiters[sm->nwaiters++], nonce, sizeof(sm->waiters[0]));
}

void waiters_answer(struct sm *sm, struct sm_actions *out)
{
	for (size_t i = 0; i < sm->nwaiters; i++) {
		struct sm_action *a = emit(sm, out, SM_STATUS);
		if (a && !(a->text = strdup(sm->waiters[i])))
			sm->oom = true;
	}
	sm->nwaiters = 0;
}

void set_env(struct sm *sm, struct sm_actions *out, const char *var)
{
	size_t namelen = strcspn(var, "=");

	for (size_t i = 0; i < sm->nenv; i++) {
		if (strncmp(sm->env[i], var, namelen) != 0 ||
		    sm->env[i][namelen] != '=')
			continue;
		free(sm->env[i]);
		sm->env[i] = sm->env[--sm->nenv];
		sm->env[sm->nenv] = NULL;
		break;
	}
	if (var[namelen] != '=')
		return;         /* an unset */
	if (sm->nenv == INITREQ_ENV_MAX) {
		say(sm, out, "too many variables set with telinit -e (max %d): %.*s ignored",
		    INITREQ_ENV_MAX, (int)namelen, var);
		return;
	}
	if (!(sm->env[sm->nenv] = strdup(var))) {
		sm->oom = true;
		return;
	}
	sm->env[++sm->nenv] = NULL;
}
