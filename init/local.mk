# init: the pure core in a library (shared with the unit tests and the
# fuzzers), the PID-1 shell around it in the program.
noinst_LIBRARIES += init/libinitcore.a
init_libinitcore_a_SOURCES = \
	init/inittab.c init/inittab.h \
	init/command.c \
	init/initreq.c init/initreq.h \
	init/sm.c init/sm.h \
	init/status.c

sbin_PROGRAMS += init/init
init_init_SOURCES = \
	init/main.c \
	init/log.c init/log.h \
	init/launch.c init/launch.h \
	init/initctl.c init/initctl.h \
	init/utmpio.c init/utmpio.h \
	init/conf.c init/conf.h
init_init_LDADD = init/libinitcore.a $(INIT_LIBBSD_LIBS)
dist_man_MANS += man/init.8 man/inittab.5

# Unit tests of the pure core (Check).
check_PROGRAMS += tests/unit/check_inittab tests/unit/check_sm tests/unit/check_initreq
TESTS += tests/unit/check_inittab tests/unit/check_sm tests/unit/check_initreq
tests_unit_check_inittab_SOURCES = tests/unit/check_inittab.c
tests_unit_check_inittab_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_check_inittab_LDADD = init/libinitcore.a $(CHECK_LIBS) $(LIBBSD_LIBS)
tests_unit_check_sm_SOURCES = tests/unit/check_sm.c
tests_unit_check_sm_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_check_sm_LDADD = init/libinitcore.a $(CHECK_LIBS) $(LIBBSD_LIBS)
tests_unit_check_initreq_SOURCES = tests/unit/check_initreq.c
tests_unit_check_initreq_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_check_initreq_LDADD = init/libinitcore.a $(CHECK_LIBS) $(LIBBSD_LIBS)
