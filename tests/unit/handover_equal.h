/* handover_equal: comparing hand-over states, for the tests. */
#ifndef HANDOVER_EQUAL_H
#define HANDOVER_EQUAL_H

#include <stdbool.h>

#include "handover.h"

/* Whether two states carry the same values (a NULL process equals "";
 * dropped, which tells about one decoding, is not compared). */
bool handover_equal(const struct handover_state *a,
		    const struct handover_state *b);

#endif
