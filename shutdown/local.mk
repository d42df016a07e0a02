# shutdown, and halt (also reboot and poweroff, links to it): the ways
# down.  Pure modules (time argument, options, warnings, shutdown.allow,
# halt's options) are unit-tested; the paths follow configure's
# directories as the other programs' do.
SHUTDOWN_CPPFLAGS = $(LIB_CPPFLAGS) -I$(top_srcdir)/telinit \
	-DPATH_SHUTDOWN_PID='"$(runstatedir)/shutdown.pid"' \
	-DPATH_NOLOGIN='"$(runstatedir)/nologin"' \
	-DPATH_SHUTDOWN_ALLOW='"$(sysconfdir)/shutdown.allow"' \
	-DPATH_SHUTDOWN='"$(sbindir)/shutdown"' \
	-DPATH_DEFAULT_HALT='"$(sysconfdir)/default/halt"'

sbin_PROGRAMS += shutdown/shutdown shutdown/halt
shutdown_shutdown_SOURCES = shutdown/shutdown.c shutdown/paths.h \
	shutdown/options.c shutdown/options.h shutdown/when.c shutdown/when.h \
	shutdown/warn.c shutdown/warn.h shutdown/allow.c shutdown/allow.h \
	shutdown/wall.c shutdown/wall.h shutdown/wtmp.c shutdown/wtmp.h
shutdown_shutdown_CPPFLAGS = $(SHUTDOWN_CPPFLAGS)
shutdown_shutdown_LDADD = telinit/libtelinit.a lib/libinitsuite.a $(LIBBSD_LIBS)
shutdown_halt_SOURCES = shutdown/halt.c shutdown/paths.h \
	shutdown/haltopts.c shutdown/haltopts.h shutdown/devices.c shutdown/devices.h \
	shutdown/wtmp.c shutdown/wtmp.h
shutdown_halt_CPPFLAGS = $(SHUTDOWN_CPPFLAGS)
shutdown_halt_LDADD = lib/libinitsuite.a $(LIBBSD_LIBS)
dist_man_MANS += man/shutdown.8 man/halt.8 man/reboot.8 man/poweroff.8

# reboot and poweroff are halt under other names, as sysvinit-core ships
# them.
install-exec-hook: install-exec-hook-shutdown
install-exec-hook-shutdown:
	cd '$(DESTDIR)$(sbindir)' && rm -f reboot poweroff && \
		ln -s halt reboot && ln -s halt poweroff
uninstall-hook: uninstall-hook-shutdown
uninstall-hook-shutdown:
	rm -f '$(DESTDIR)$(sbindir)/reboot' '$(DESTDIR)$(sbindir)/poweroff'
.PHONY: install-exec-hook-shutdown uninstall-hook-shutdown

check_PROGRAMS += tests/unit/check_shutdown
TESTS += tests/unit/check_shutdown
tests_unit_check_shutdown_SOURCES = tests/unit/check_shutdown.c \
	shutdown/options.c shutdown/when.c shutdown/warn.c shutdown/allow.c \
	shutdown/haltopts.c
tests_unit_check_shutdown_CPPFLAGS = $(LIB_CPPFLAGS) -I$(top_srcdir)/shutdown
tests_unit_check_shutdown_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_check_shutdown_LDADD = $(CHECK_LIBS) $(LIBBSD_LIBS)

# The shutdown tests' tool: writes a USER_PROCESS record into utmp, as a
# login would.
check_PROGRAMS += tests/tools/utmplogin
tests_tools_utmplogin_SOURCES = tests/tools/utmplogin.c

SHUTDOWN_TESTS = tests/integration/shutdown.sh tests/integration/halt.sh \
	tests/integration/stop.sh
TESTS += $(SHUTDOWN_TESTS)
EXTRA_DIST += $(SHUTDOWN_TESTS)
dist_noinst_SCRIPTS += tests/harness/downlib.sh
EXTRA_DIST += tests/tools/ptyhold.py
