# tests/fuzz: libFuzzer targets for every parser that reads hostile input,
# their seed corpora and a replay of each corpus in `make check`.  (The
# fault and leak tests are PID-1 integration tests: tests/integration/
# faults.sh, forkfail.sh, leaks.sh.)
#
#   make fuzz [FUZZ_TIME=60] [FUZZ_TARGETS="inittab ..."]
#       builds each target with clang -fsanitize=fuzzer,address,undefined
#       and runs it FUZZ_TIME seconds from its seed corpus; fails on the
#       first crash or sanitizer report (the input lands in tests/fuzz/
#       artifacts/).  New interesting inputs go to tests/fuzz/work/, never
#       into the source tree.

FUZZ_TARGETS = inittab gettydefs escape initreq handover
FUZZ_TIME = 60
FUZZ_CLANG = clang
FUZZ_FLAGS = -g -O1 -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_CPPFLAGS = $(DEFS) $(AM_CPPFLAGS) -I$(top_srcdir)/lib -I$(top_srcdir)/tests/unit -I$(top_srcdir)/init -I$(top_srcdir)/getty $(LIBBSD_CFLAGS)

# Each target with the library sources it exercises, compiled by clang
# with coverage (the gcc-built libraries carry no libFuzzer instrumentation).
FUZZ_SRC_inittab = tests/fuzz/fuzz_inittab.c init/inittab.c init/command.c
FUZZ_SRC_gettydefs = tests/fuzz/fuzz_gettydefs.c $(FUZZ_GETTYCORE)
FUZZ_SRC_escape = tests/fuzz/fuzz_escape.c getty/escape.c
FUZZ_SRC_initreq = tests/fuzz/fuzz_initreq.c lib/initreq.c lib/errbuf.c
FUZZ_SRC_handover = tests/fuzz/fuzz_handover.c lib/handover.c \
	lib/handover_encode.c lib/handover_decode.c lib/errbuf.c \
	tests/unit/handover_equal.c
FUZZ_GETTYCORE = getty/gettydefs.c getty/gettydefs_print.c getty/flags.c getty/escape.c \
	getty/namein.c getty/options.c lib/errbuf.c

EXTRA_DIST += tests/fuzz/corpus tests/fuzz/dict \
	tests/fuzz/fuzz_inittab.c tests/fuzz/fuzz_gettydefs.c \
	tests/fuzz/fuzz_escape.c tests/fuzz/fuzz_initreq.c \
	tests/fuzz/fuzz_handover.c

fuzz-build:
	@command -v $(FUZZ_CLANG) >/dev/null || { \
	  echo "make fuzz: $(FUZZ_CLANG) not found: apt-get install -y clang (libFuzzer ships with it)" >&2; exit 1; }
	@$(MKDIR_P) tests/fuzz/bin
	@set -e; for t in $(FUZZ_TARGETS); do \
	  case $$t in \
	    inittab) src='$(FUZZ_SRC_inittab)' ;; \
	    gettydefs) src='$(FUZZ_SRC_gettydefs)' ;; \
	    escape) src='$(FUZZ_SRC_escape)' ;; \
	    initreq) src='$(FUZZ_SRC_initreq)' ;; \
	    handover) src='$(FUZZ_SRC_handover)' ;; \
	    *) echo "make fuzz: unknown target $$t" >&2; exit 1 ;; \
	  esac; \
	  files=; for s in $$src; do files="$$files $(srcdir)/$$s"; done; \
	  echo "  CLANG    tests/fuzz/bin/fuzz_$$t"; \
	  $(FUZZ_CLANG) -std=gnu11 -Wall -Wextra -Werror $(FUZZ_FLAGS) \
	    $(FUZZ_CPPFLAGS) $$files -o tests/fuzz/bin/fuzz_$$t $(LIBBSD_LIBS); \
	done

fuzz: fuzz-build
	@set -e; for t in $(FUZZ_TARGETS); do \
	  $(MKDIR_P) tests/fuzz/work/$$t tests/fuzz/artifacts; \
	  dict=; test ! -f $(srcdir)/tests/fuzz/dict/$$t.dict || dict=-dict=$(srcdir)/tests/fuzz/dict/$$t.dict; \
	  echo "  FUZZ     $$t for $(FUZZ_TIME) s"; \
	  if ! ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
	       UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	       tests/fuzz/bin/fuzz_$$t $$dict -max_total_time=$(FUZZ_TIME) \
	         -max_len=65536 -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
	         -artifact_prefix=tests/fuzz/artifacts/$$t- \
	         tests/fuzz/work/$$t $(srcdir)/tests/fuzz/corpus/$$t \
	         >tests/fuzz/$$t.log 2>&1; then \
	    tail -n 60 tests/fuzz/$$t.log >&2; \
	    echo "make fuzz: $$t failed; the input is in tests/fuzz/artifacts/ (add it to tests/fuzz/corpus/$$t/)" >&2; \
	    exit 1; \
	  fi; \
	  grep -E '^stat::number_of_executed_units|^Done ' tests/fuzz/$$t.log | sed "s/^/    $$t: /"; \
	done

clean-local: fuzz-clean
fuzz-clean:
	rm -rf tests/fuzz/bin tests/fuzz/work tests/fuzz/artifacts tests/fuzz/*.log

.PHONY: fuzz fuzz-build fuzz-clean

# Every corpus input, replayed with the ordinary compiler (and ASan+UBSan
# in a --enable-sanitizers build): crashes once found stay fixed.
FUZZ_REPLAY_CFLAGS = $(AM_CFLAGS) -I$(top_srcdir)/lib -I$(top_srcdir)/tests/unit -I$(top_srcdir)/init -I$(top_srcdir)/getty
check_PROGRAMS += tests/fuzz/replay_inittab tests/fuzz/replay_gettydefs \
	tests/fuzz/replay_escape tests/fuzz/replay_initreq \
	tests/fuzz/replay_handover
TESTS += tests/fuzz/replay_inittab tests/fuzz/replay_gettydefs \
	tests/fuzz/replay_escape tests/fuzz/replay_initreq \
	tests/fuzz/replay_handover
tests_fuzz_replay_inittab_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_inittab.c
tests_fuzz_replay_inittab_CFLAGS = $(FUZZ_REPLAY_CFLAGS) \
	-DFUZZ_CORPUS_DIR='"$(abs_top_srcdir)/tests/fuzz/corpus/inittab"'
tests_fuzz_replay_inittab_LDADD = init/libinitcore.a $(LIBBSD_LIBS)
tests_fuzz_replay_gettydefs_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_gettydefs.c
tests_fuzz_replay_gettydefs_CFLAGS = $(FUZZ_REPLAY_CFLAGS) \
	-DFUZZ_CORPUS_DIR='"$(abs_top_srcdir)/tests/fuzz/corpus/gettydefs"'
tests_fuzz_replay_gettydefs_LDADD = getty/libgettycore.a lib/libinitsuite.a $(LIBBSD_LIBS)
tests_fuzz_replay_escape_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_escape.c
tests_fuzz_replay_escape_CFLAGS = $(FUZZ_REPLAY_CFLAGS) \
	-DFUZZ_CORPUS_DIR='"$(abs_top_srcdir)/tests/fuzz/corpus/escape"'
tests_fuzz_replay_escape_LDADD = getty/libgettycore.a $(LIBBSD_LIBS)
tests_fuzz_replay_initreq_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_initreq.c
tests_fuzz_replay_initreq_CFLAGS = $(FUZZ_REPLAY_CFLAGS) \
	-DFUZZ_CORPUS_DIR='"$(abs_top_srcdir)/tests/fuzz/corpus/initreq"'
tests_fuzz_replay_initreq_LDADD = lib/libinitsuite.a $(LIBBSD_LIBS)
tests_fuzz_replay_handover_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_handover.c \
	tests/unit/handover_equal.c
tests_fuzz_replay_handover_CFLAGS = $(FUZZ_REPLAY_CFLAGS) \
	-DFUZZ_CORPUS_DIR='"$(abs_top_srcdir)/tests/fuzz/corpus/handover"'
tests_fuzz_replay_handover_LDADD = lib/libinitsuite.a $(LIBBSD_LIBS)
