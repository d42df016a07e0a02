# telinit and runlevel: clients of init's FIFO and of utmp.  The client
# is a library: init run as a user is telinit too.
noinst_LIBRARIES += telinit/libtelinit.a
telinit_libtelinit_a_SOURCES = telinit/client.c telinit/client.h \
	telinit/cmdline.c telinit/cmdline.h
telinit_libtelinit_a_CPPFLAGS = $(LIB_CPPFLAGS)

sbin_PROGRAMS += telinit/telinit telinit/runlevel
telinit_telinit_SOURCES = telinit/telinit.c
telinit_telinit_CPPFLAGS = $(LIB_CPPFLAGS)
telinit_telinit_LDADD = telinit/libtelinit.a lib/libinitsuite.a $(LIBBSD_LIBS)
telinit_runlevel_SOURCES = telinit/runlevel.c
telinit_runlevel_LDADD = $(LIBBSD_LIBS)
dist_man_MANS += man/telinit.8 man/runlevel.8

# telinit's command line and answer parsing (pure, so unit-tested).
check_PROGRAMS += tests/unit/check_telinit
TESTS += tests/unit/check_telinit
tests_unit_check_telinit_SOURCES = tests/unit/check_telinit.c telinit/cmdline.c telinit/cmdline.h
tests_unit_check_telinit_CPPFLAGS = $(LIB_CPPFLAGS) -I$(top_srcdir)/telinit
tests_unit_check_telinit_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_check_telinit_LDADD = lib/libinitsuite.a $(CHECK_LIBS) $(LIBBSD_LIBS)
