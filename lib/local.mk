# lib: what init, telinit and getty share: the /run/initctl request codec,
# the status file (both ends of each) and the re-exec hand-over codec
# (sysvinit's STATE_PIPE format), all pure; the clock, the file reader
# and the one-line failure reason the parsers give.  Programs that use it
# add -I$(top_srcdir)/lib themselves.
noinst_LIBRARIES += lib/libinitsuite.a
lib_libinitsuite_a_SOURCES = \
	lib/initreq.c lib/initreq.h \
	lib/reqstream.c lib/reqstream.h \
	lib/statusfile.c lib/statusfile.h \
	lib/handover.c lib/handover.h lib/procrec.h \
	lib/handover_encode.c lib/handover_decode.c lib/handover_wire.h \
	lib/clock.c lib/clock.h \
	lib/readfile.c lib/readfile.h \
	lib/errbuf.c lib/errbuf.h
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

check_PROGRAMS += tests/unit/check_handover
TESTS += tests/unit/check_handover
tests_unit_check_handover_SOURCES = tests/unit/check_handover.c \
	tests/unit/handover_equal.c tests/unit/handover_equal.h
tests_unit_check_handover_CPPFLAGS = $(LIB_CPPFLAGS) -DTOP_SRCDIR='"$(abs_top_srcdir)"'
tests_unit_check_handover_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_check_handover_LDADD = lib/libinitsuite.a $(CHECK_LIBS) $(LIBBSD_LIBS)
EXTRA_DIST += tests/unit/data/handover-sysvinit-3.06-settled \
	tests/unit/data/handover-sysvinit-3.06-waiting \
	tests/tools/capture-sysvinit-state.sh

check_PROGRAMS += tests/unit/check_errbuf
TESTS += tests/unit/check_errbuf
tests_unit_check_errbuf_SOURCES = tests/unit/check_errbuf.c
tests_unit_check_errbuf_CPPFLAGS = $(LIB_CPPFLAGS)
tests_unit_check_errbuf_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_check_errbuf_LDADD = lib/libinitsuite.a $(CHECK_LIBS)

check_PROGRAMS += tests/unit/check_reqstream
TESTS += tests/unit/check_reqstream
tests_unit_check_reqstream_SOURCES = tests/unit/check_reqstream.c
tests_unit_check_reqstream_CPPFLAGS = $(LIB_CPPFLAGS)
tests_unit_check_reqstream_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_check_reqstream_LDADD = lib/libinitsuite.a $(CHECK_LIBS) $(LIBBSD_LIBS)
