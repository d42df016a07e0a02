# telinit and runlevel: clients of init's FIFO and of utmp.
sbin_PROGRAMS += telinit/telinit telinit/runlevel
telinit_telinit_SOURCES = telinit/telinit.c telinit/cmdline.c telinit/cmdline.h
telinit_telinit_LDADD = init/libinitcore.a $(LIBBSD_LIBS)
telinit_runlevel_SOURCES = telinit/runlevel.c
telinit_runlevel_LDADD = $(LIBBSD_LIBS)
dist_man_MANS += man/telinit.8 man/runlevel.8

# telinit's command line and answer parsing (pure, so unit-tested here).
check_PROGRAMS += telinit/check_telinit
TESTS += telinit/check_telinit
telinit_check_telinit_SOURCES = telinit/check_telinit.c telinit/cmdline.c telinit/cmdline.h
telinit_check_telinit_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
telinit_check_telinit_LDADD = init/libinitcore.a $(CHECK_LIBS) $(LIBBSD_LIBS)
