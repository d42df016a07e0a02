# init: the pure core in a library (shared with the unit tests and the
# fuzzers), the PID-1 shell around it in the program.
noinst_LIBRARIES += init/libinitcore.a
init_libinitcore_a_CPPFLAGS = $(LIB_CPPFLAGS) -I$(top_srcdir)/init
init_libinitcore_a_SOURCES = \
	init/inittab.c init/inittab.h \
	init/command.c init/command.h \
	init/builtin.c init/builtin.h \
	init/sm.c init/sm.h init/sm_int.h \
	init/sm_out.c init/sm_proctab.c init/sm_respawn.c init/sm_retable.c \
	init/sm_levels.c init/sm_boot.c init/sm_single.c init/sm_events.c \
	init/sm_requests.c init/sm_saved.c init/sm_queue.c \
	init/status.c \
	init/state_v1.c init/state_v1.h \
	init/wirestate.c init/wirestate.h \
	init/bootopts.c init/bootopts.h \
	init/stopplan.c init/stopplan.h \
	init/startorder.c init/startorder.h

sbin_PROGRAMS += init/init
init_init_SOURCES = \
	init/main.c init/pid1.h \
	init/pid1setup.c init/pid1setup.h \
	init/perform.c init/perform.h \
	init/statusout.c init/statusout.h \
	init/powerfile.c init/powerfile.h \
	init/stopreq.c init/stopreq.h \
	init/shellfallback.c init/shellfallback.h \
	init/takeover.c init/takeover.h \
	init/ask.c init/ask.h \
	init/console.c init/console.h \
	init/proctitle.c init/proctitle.h \
	init/checkconf.c init/checkconf.h \
	init/reexec.c init/reexec.h \
	init/probe.c init/probe.h \
	init/recover.c init/recover.h \
	init/procfs.c init/procfs.h \
	init/log.c init/log.h \
	init/launch.c init/launch.h \
	init/spawner.c init/spawner.h \
	init/initctl.c init/initctl.h \
	init/utmpio.c init/utmpio.h \
	init/utmpfile.c init/utmpfile.h \
	init/utmpslots.c init/utmpslots.h \
	init/conf.c init/conf.h
init_init_CPPFLAGS = $(LIB_CPPFLAGS) -I$(top_srcdir)/init -I$(top_srcdir)/telinit
init_init_LDADD = init/libinitcore.a telinit/libtelinit.a lib/libinitsuite.a $(INIT_LIBBSD_LIBS)
dist_man_MANS += man/init.8 man/inittab.5

# Unit tests of the pure core (Check).
check_PROGRAMS += tests/unit/check_inittab tests/unit/check_sm tests/unit/check_wirestate
TESTS += tests/unit/check_inittab tests/unit/check_sm tests/unit/check_wirestate
tests_unit_check_inittab_SOURCES = tests/unit/check_inittab.c \
	tests/unit/check_command.c tests/unit/inittab_fixture.h
tests_unit_check_inittab_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_check_inittab_CPPFLAGS = $(LIB_CPPFLAGS) -I$(top_srcdir)/init
tests_unit_check_inittab_LDADD = init/libinitcore.a lib/libinitsuite.a $(CHECK_LIBS) $(LIBBSD_LIBS)
tests_unit_check_sm_SOURCES = tests/unit/check_sm.c \
	tests/unit/sm_world.c tests/unit/sm_world.h \
	tests/unit/table_fixture.c tests/unit/table_fixture.h \
	tests/unit/check_sm_boot.c tests/unit/check_sm_actions.c \
	tests/unit/check_sm_levels.c tests/unit/check_sm_reload.c \
	tests/unit/check_sm_sysvinit.c
tests_unit_check_sm_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_check_sm_CPPFLAGS = $(LIB_CPPFLAGS) -I$(top_srcdir)/init
tests_unit_check_sm_LDADD = init/libinitcore.a lib/libinitsuite.a $(CHECK_LIBS) $(LIBBSD_LIBS)
tests_unit_check_wirestate_SOURCES = tests/unit/check_wirestate.c \
	tests/unit/table_fixture.c tests/unit/table_fixture.h
tests_unit_check_wirestate_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_check_wirestate_CPPFLAGS = $(LIB_CPPFLAGS) -I$(top_srcdir)/init \
	-DTOP_SRCDIR='"$(abs_top_srcdir)"'
tests_unit_check_wirestate_LDADD = init/libinitcore.a lib/libinitsuite.a $(CHECK_LIBS) $(LIBBSD_LIBS)

check_PROGRAMS += tests/unit/check_bootopts
TESTS += tests/unit/check_bootopts
tests_unit_check_bootopts_SOURCES = tests/unit/check_bootopts.c
tests_unit_check_bootopts_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_check_bootopts_CPPFLAGS = $(LIB_CPPFLAGS) -I$(top_srcdir)/init
tests_unit_check_bootopts_LDADD = init/libinitcore.a lib/libinitsuite.a $(CHECK_LIBS) $(LIBBSD_LIBS)

check_PROGRAMS += tests/unit/check_stopplan
TESTS += tests/unit/check_stopplan
tests_unit_check_stopplan_SOURCES = tests/unit/check_stopplan.c \
	tests/unit/table_fixture.c tests/unit/table_fixture.h
tests_unit_check_stopplan_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_check_stopplan_CPPFLAGS = $(LIB_CPPFLAGS) -I$(top_srcdir)/init
tests_unit_check_stopplan_LDADD = init/libinitcore.a lib/libinitsuite.a $(CHECK_LIBS) $(LIBBSD_LIBS)

check_PROGRAMS += tests/unit/check_startorder
TESTS += tests/unit/check_startorder
tests_unit_check_startorder_SOURCES = tests/unit/check_startorder.c
tests_unit_check_startorder_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_check_startorder_CPPFLAGS = $(LIB_CPPFLAGS) -I$(top_srcdir)/init
tests_unit_check_startorder_LDADD = init/libinitcore.a $(CHECK_LIBS)
