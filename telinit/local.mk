# telinit and runlevel: clients of init's FIFO and of utmp.
sbin_PROGRAMS += telinit/telinit telinit/runlevel
telinit_telinit_SOURCES = telinit/telinit.c
telinit_telinit_LDADD = init/libinitcore.a $(LIBBSD_LIBS)
telinit_runlevel_SOURCES = telinit/runlevel.c
telinit_runlevel_LDADD = $(LIBBSD_LIBS)
dist_man_MANS += man/telinit.8 man/runlevel.8
