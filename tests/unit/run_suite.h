/* The end of every unit test's main(): run one Check suite and turn its
 * result into the exit status that make check reads. */
#ifndef RUN_SUITE_H
#define RUN_SUITE_H

#include <check.h>
#include <stdlib.h>

/* Runs every test of S, prints Check's summary and frees the runner
 * (and with it S).  EXIT_SUCCESS when no test failed, else
 * EXIT_FAILURE.  In a header, so that no local.mk needs another source. */
static inline int run_suite(Suite *s)
{
	SRunner *sr = srunner_create(s);

	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

#endif
