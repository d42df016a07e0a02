# getty: the pure code (gettydefs, flag fields, line modes, escapes, name
# reading, options, login's arguments, the utmp id) in a library the unit
# tests link; what touches the line, files, utmp and syslog in the program.
noinst_LIBRARIES += getty/libgettycore.a
getty_libgettycore_a_SOURCES = \
	getty/gettydefs.c getty/gettydefs.h getty/gettydefs_print.c \
	getty/flags.c getty/flags.h \
	getty/linemodes.c getty/linemodes.h \
	getty/loginargs.c getty/loginargs.h \
	getty/escape.c getty/escape.h \
	getty/namein.c getty/namein.h \
	getty/options.c getty/options.h \
	getty/utmpid.c getty/utmpid.h
getty_libgettycore_a_CPPFLAGS = $(LIB_CPPFLAGS)

sbin_PROGRAMS += getty/getty
getty_getty_SOURCES = getty/main.c \
	getty/msg.c getty/msg.h \
	getty/table.c getty/table.h \
	getty/line.c getty/line.h \
	getty/issue.c getty/issue.h \
	getty/askname.c getty/askname.h \
	getty/loginrec.c getty/loginrec.h \
	getty/login.c getty/login.h
getty_getty_CPPFLAGS = $(LIB_CPPFLAGS) -I$(top_srcdir)/getty
getty_getty_LDADD = getty/libgettycore.a lib/libinitsuite.a $(LIBBSD_LIBS)
dist_man_MANS += man/getty.8 man/gettydefs.5

GETTY_CHECK_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) -I$(top_srcdir)/getty \
	-DGETTY_SRCDIR='"$(abs_top_srcdir)"'
GETTY_CHECK_LDADD = getty/libgettycore.a lib/libinitsuite.a $(CHECK_LIBS) $(LIBBSD_LIBS)

check_PROGRAMS += tests/unit/check_gettydefs tests/unit/check_getty_escape \
	tests/unit/check_getty_namein tests/unit/check_getty_options \
	tests/unit/check_getty_linemodes tests/unit/check_getty_loginargs \
	tests/unit/check_getty_utmpid
TESTS += tests/unit/check_gettydefs tests/unit/check_getty_escape \
	tests/unit/check_getty_namein tests/unit/check_getty_options \
	tests/unit/check_getty_linemodes tests/unit/check_getty_loginargs \
	tests/unit/check_getty_utmpid
tests_unit_check_gettydefs_SOURCES = tests/unit/check_gettydefs.c
tests_unit_check_gettydefs_CFLAGS = $(GETTY_CHECK_CFLAGS)
tests_unit_check_gettydefs_LDADD = $(GETTY_CHECK_LDADD)
tests_unit_check_getty_escape_SOURCES = tests/unit/check_getty_escape.c
tests_unit_check_getty_escape_CFLAGS = $(GETTY_CHECK_CFLAGS)
tests_unit_check_getty_escape_LDADD = $(GETTY_CHECK_LDADD)
tests_unit_check_getty_namein_SOURCES = tests/unit/check_getty_namein.c
tests_unit_check_getty_namein_CFLAGS = $(GETTY_CHECK_CFLAGS)
tests_unit_check_getty_namein_LDADD = $(GETTY_CHECK_LDADD)
tests_unit_check_getty_linemodes_SOURCES = tests/unit/check_getty_linemodes.c
tests_unit_check_getty_linemodes_CFLAGS = $(GETTY_CHECK_CFLAGS)
tests_unit_check_getty_linemodes_LDADD = $(GETTY_CHECK_LDADD)
tests_unit_check_getty_loginargs_SOURCES = tests/unit/check_getty_loginargs.c
tests_unit_check_getty_loginargs_CFLAGS = $(GETTY_CHECK_CFLAGS)
tests_unit_check_getty_loginargs_LDADD = $(GETTY_CHECK_LDADD)
tests_unit_check_getty_utmpid_SOURCES = tests/unit/check_getty_utmpid.c
tests_unit_check_getty_utmpid_CFLAGS = $(GETTY_CHECK_CFLAGS)
tests_unit_check_getty_utmpid_LDADD = $(GETTY_CHECK_LDADD)
tests_unit_check_getty_options_SOURCES = tests/unit/check_getty_options.c
tests_unit_check_getty_options_CFLAGS = $(GETTY_CHECK_CFLAGS)
tests_unit_check_getty_options_LDADD = $(GETTY_CHECK_LDADD)
