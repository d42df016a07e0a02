/*
 * table_fixture: tables as init gives them to the machine (see
 * table_fixture.h).
 */
#include "table_fixture.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "builtin.h"

static void ignore_diag(void *ctx, const char *msg)
{
	(void)ctx;
	(void)msg;
}

struct inittab *table(const char *text)
{
	struct inittab *t = malloc(sizeof(*t));
	ck_assert_ptr_nonnull(t);
	inittab_init(t);
	ck_assert_int_eq(inittab_parse(t, "inittab", text, strlen(text), ignore_diag, NULL), 0);
	/* A table with no entry gets nothing: a reload then keeps the old
	 * one, as with init. */
	ck_assert(builtin_complete(t, true, false));
	return t;
}
