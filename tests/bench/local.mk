# tests/bench: `make bench` runs our init, Debian's sysvinit and busybox's
# init as PID 1 of the same kind of namespace sandbox, on the same
# workloads, and prints one table (see tests/bench/RESULTS.md).  Not part
# of `make check`: it takes minutes and fetches the peers with apt-get.
check_PROGRAMS += tests/bench/floor tests/bench/benchtool tests/bench/idle
tests_bench_floor_SOURCES = tests/bench/floor.c
tests_bench_floor_LDADD = $(LIBBSD_LIBS)
tests_bench_benchtool_SOURCES = tests/bench/benchtool.c
tests_bench_benchtool_LDADD = $(LIBBSD_LIBS)
# libc alone, as init: the memory floor of workload 6.
tests_bench_idle_SOURCES = tests/bench/idle.c
dist_noinst_SCRIPTS += tests/bench/bench.sh tests/bench/cell.sh
EXTRA_DIST += tests/bench/RESULTS.md

# BENCH_RUNS (default 5), BENCH_IDLE (seconds, default 30),
# BENCH_WORKLOADS (default "1 2 3 4 5 6 7") and BENCH_CACHE (where the
# peers' packages go) tune it.
# Its exit status goes to tests/bench/bench.status (77: a peer could not
# be fetched, which make reports as a skip, not an error).
bench: init/init telinit/telinit tests/bench/floor tests/bench/benchtool tests/bench/idle
	$(AM_V_at)$(MKDIR_P) tests/bench; rm -f tests/bench/bench.status; \
	abs_top_builddir='$(abs_top_builddir)' \
	abs_top_srcdir='$(abs_top_srcdir)' \
	INITSUITE_SBINDIR='$(sbindir)' \
	INITSUITE_SYSCONFDIR='$(sysconfdir)' \
	INITSUITE_RUNSTATEDIR='$(runstatedir)' \
	$(BASH) $(abs_top_srcdir)/tests/bench/bench.sh; \
	rc=$$?; echo $$rc >tests/bench/bench.status; \
	case $$rc in 0) ;; 77) echo "SKIP: bench" ;; *) exit 1 ;; esac
.PHONY: bench
