/*
 * table_fixture: a table as init gives it to the state machine, for the
 * unit tests that build a machine (check_sm, check_wirestate,
 * check_stopplan): parsed from text, then completed with init's own
 * entries as the shell completes it (builtin_complete).
 */
#ifndef TABLE_FIXTURE_H
#define TABLE_FIXTURE_H

#include "inittab.h"

/* malloc'd; fails the test when the text does not parse. */
struct inittab *table(const char *text);

#endif
