/*
 * Unit tests of the runlevel state machine, with a fake clock and a fake
 * shell (sm_world.c): spawns get made-up pids, exits are events we
 * inject.  The cases are in check_sm_*.c.
 */
#include <check.h>
#include <stdlib.h>

#include "sm_world.h"
#include "run_suite.h"

int main(void)
{
	Suite *s = suite_create("sm");

	suite_add_tcase(s, sm_tcase_boot());
	suite_add_tcase(s, sm_tcase_actions());
	suite_add_tcase(s, sm_tcase_levels());
	suite_add_tcase(s, sm_tcase_reload());
	suite_add_tcase(s, sm_tcase_sysvinit());

	return run_suite(s);
}
