# lib: what init, telinit and getty share: the /run/initctl request codec
# and the status file (both ends of each, pure), the clock and the file
# reader.  Programs that use it add -I$(top_srcdir)/lib themselves.
noinst_LIBRARIES += lib/libinitsuite.a
lib_libinitsuite_a_SOURCES = \
	lib/initreq.c lib/initreq.h \
	lib/statusfile.c lib/statusfile.h \
	lib/clock.c lib/clock.h \
	lib/readfile.c lib/readfile.h
lib_libinitsuite_a_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/lib

LIB_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/lib

check_PROGRAMS += tests/unit/check_initreq tests/unit/check_statusfile
TESTS += tests/unit/check_initreq tests/unit/check_statusfile
tests_unit_check_statusfile_SOURCES = tests/unit/check_statusfile.c
tests_unit_check_statusfile_CPPFLAGS = $(LIB_CPPFLAGS)
tests_unit_check_statusfile_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_check_statusfile_LDADD = lib/libinitsuite.a $(CHECK_LIBS)
tests_unit_check_initreq_SOURCES = tests/unit/check_initreq.c
tests_unit_check_initreq_CPPFLAGS = $(LIB_CPPFLAGS)
tests_unit_check_initreq_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_check_initreq_LDADD = lib/libinitsuite.a $(CHECK_LIBS) $(LIBBSD_LIBS)
