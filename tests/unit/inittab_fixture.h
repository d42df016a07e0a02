/*
 * inittab_fixture: check_inittab's parser fixture, shared with the other
 * cases of its program (check_command.c): the table a test parses into.
 */
#ifndef INITTAB_FIXTURE_H
#define INITTAB_FIXTURE_H

#include <check.h>

#include "inittab.h"

extern struct inittab tab;
int parse(const char *text);        /* into tab; diagnostics collected */
void setup(void);
void teardown(void);

TCase *command_tcase(void);

#endif
