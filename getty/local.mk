# getty: the pure gettydefs/flag/prompt code in a library, the line
# handling in the program.
noinst_LIBRARIES += getty/libgettycore.a
getty_libgettycore_a_SOURCES = \
	getty/gettydefs.c getty/gettydefs.h

sbin_PROGRAMS += getty/getty
getty_getty_SOURCES = getty/main.c
getty_getty_LDADD = getty/libgettycore.a $(LIBBSD_LIBS)
dist_man_MANS += man/getty.8 man/gettydefs.5

check_PROGRAMS += tests/unit/check_gettydefs
TESTS += tests/unit/check_gettydefs
tests_unit_check_gettydefs_SOURCES = tests/unit/check_gettydefs.c
tests_unit_check_gettydefs_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_check_gettydefs_LDADD = getty/libgettycore.a $(CHECK_LIBS) $(LIBBSD_LIBS)
