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
	if (sm->req.nwaiters == SM_NONCE_MAX) {
		/* The oldest waiter has most likely given up by now. */
		memmove(sm->req.waiters[0], sm->req.waiters[1],
			sizeof(sm->req.waiters[0]) * (SM_NONCE_MAX - 1));
		sm->req.nwaiters--;
	}
	strlcpy(sm->req.waiters[sm->req.nwaiters++], nonce, sizeof(sm->req.waiters[0]));
}

void waiters_answer(struct sm *sm, struct sm_actions *out)
{
	for (size_t i = 0; i < sm->req.nwaiters; i++) {
		struct sm_action *a = emit(sm, out, SM_STATUS);
		if (a && !(a->text = strdup(sm->req.waiters[i])))
			sm->oom = true;
	}
	sm->req.nwaiters = 0;
}

void set_env(struct sm *sm, struct sm_actions *out, const char *var)
{
	size_t namelen = strcspn(var, "=");

	for (size_t i = 0; i < sm->req.nenv; i++) {
		if (strncmp(sm->req.env[i], var, namelen) != 0 ||
		    sm->req.env[i][namelen] != '=')
			continue;
		free(sm->req.env[i]);
		sm->req.env[i] = sm->req.env[--sm->req.nenv];
		sm->req.env[sm->req.nenv] = NULL;
		break;
	}
	if (var[namelen] != '=')
		return;         /* an unset */
	if (sm->req.nenv == INITREQ_ENV_MAX) {
		say(sm, out, "too many variables set with telinit -e (max %d): %.*s ignored",
		    INITREQ_ENV_MAX, (int)namelen, var);
		return;
	}
	if (!(sm->req.env[sm->req.nenv] = strdup(var))) {
		sm->oom = true;
		return;
	}
	sm->req.env[++sm->req.nenv] = NULL;
}
