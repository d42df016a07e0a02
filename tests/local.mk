# Integration tests: shell scripts that boot the real init as PID 1 of a
# throwaway PID + mount namespace (tests/harness/lib.sh).  They exit 77
# (SKIP) only when this machine allows no such namespace.
TEST_EXTENSIONS = .sh
SH_LOG_COMPILER = $(BASH)
AM_TESTS_ENVIRONMENT = \
	abs_top_builddir='$(abs_top_builddir)'; export abs_top_builddir; \
	abs_top_srcdir='$(abs_top_srcdir)'; export abs_top_srcdir; \
	CK_DEFAULT_TIMEOUT=30; export CK_DEFAULT_TIMEOUT; \
	INITSUITE_SBINDIR='$(sbindir)'; export INITSUITE_SBINDIR; \
	INITSUITE_SYSCONFDIR='$(sysconfdir)'; export INITSUITE_SYSCONFDIR; \
	INITSUITE_RUNSTATEDIR='$(runstatedir)'; export INITSUITE_RUNSTATEDIR;

dist_noinst_SCRIPTS += tests/harness/lib.sh tests/harness/boot.sh \
	tests/harness/ptyrelay.py tests/harness/syslog.py tests/harness/handover.sh tests/try-it tests/test-it
EXTRA_DIST += tests/harness/ptylib.py
# The unit tests' shared main() ending (each local.mk builds its own).
EXTRA_DIST += tests/unit/run_suite.h
EXTRA_DIST += tests/integration/data .ci/run
INTEGRATION_TESTS = \
	tests/integration/boot.sh \
	tests/integration/actions.sh \
	tests/integration/runlevels.sh \
	tests/integration/hang.sh \
	tests/integration/respawn.sh \
	tests/integration/orphans.sh \
	tests/integration/reload.sh \
	tests/integration/reload_refused.sh \
	tests/integration/reexec.sh \
	tests/integration/reexec_probe.sh \
	tests/integration/handover.sh \
	tests/integration/handover_recover.sh \
	tests/integration/check.sh \
	tests/integration/cmdline.sh \
	tests/integration/compat.sh \
	tests/integration/telinit.sh \
	tests/integration/status_many.sh \
	tests/integration/signals.sh \
	tests/integration/utmp.sh \
	tests/integration/utmp_many.sh \
	tests/integration/slowexec.sh \
	tests/integration/spawner.sh \
	tests/integration/utmp_reexec.sh \
	tests/integration/utmp_links.sh \
	tests/integration/fifo.sh \
	tests/integration/bogus_requests.sh \
	tests/integration/faults.sh \
	tests/integration/forkfail.sh \
	tests/integration/leaks.sh \
	tests/integration/prompt.sh \
	tests/integration/console.sh \
	tests/integration/console_dev.sh \
	tests/integration/getty_check.sh \
	tests/integration/getty_login.sh \
	tests/integration/getty_hunt.sh \
	tests/integration/getty_agetty.sh \
	tests/integration/getty_errors.sh \
	tests/integration/getty_respawn.sh \
	tests/integration/getty_faults.sh
TESTS += $(INTEGRATION_TESTS)
EXTRA_DIST += $(INTEGRATION_TESTS)

# Small tools the integration tests use: utmpread reads what init wrote;
# ptydrive runs a command (getty) on a pseudo-terminal, the test playing
# the user from a script; ptyfault is a hostile line (hangup, BREAK storm,
# flood) for getty_faults.sh; fake-login stands in for /bin/login.
check_PROGRAMS += tests/tools/utmpread tests/tools/ptydrive tests/tools/ptyfault
tests_tools_utmpread_SOURCES = tests/tools/utmpread.c tests/tools/utmptype.h
tests_tools_ptydrive_SOURCES = tests/tools/ptydrive.c
tests_tools_ptydrive_LDADD = $(LIBBSD_LIBS) -lutil
tests_tools_ptyfault_SOURCES = tests/tools/ptyfault.c
tests_tools_ptyfault_LDADD = -lutil
EXTRA_DIST += tests/tools/fake-login

# Tools of the differential test: the probe an entry runs, a sender of
# init requests, a utmp/wtmp reader that names every field.
check_PROGRAMS += tests/tools/probe tests/tools/initreq tests/tools/utmpfields
tests_tools_probe_SOURCES = tests/tools/probe.c
tests_tools_initreq_SOURCES = tests/tools/initreq.c
tests_tools_utmpfields_SOURCES = tests/tools/utmpfields.c tests/tools/utmptype.h

# The differential test: each scenario runs under Debian's sysvinit and
# ours (tests/differential/README).  Listed here: the scenarios that pass;
# tests/differential/pending/ holds the others.
TEST_EXTENSIONS += .scn
SCN_LOG_COMPILER = $(BASH) $(abs_top_srcdir)/tests/integration/differential.sh
DIFFERENTIAL_TESTS = \
	tests/differential/at-prefix.scn \
	tests/differential/basics.scn \
	tests/differential/boot-single-order.scn \
	tests/differential/broken-lines.scn \
	tests/differential/console-messages.scn \
	tests/differential/ctrlaltdel-during-change.scn \
	tests/differential/debian-inittab.scn \
	tests/differential/exec-fail.scn \
	tests/differential/grace-zero.scn \
	tests/differential/initdefault-two-levels.scn \
	tests/differential/kernel-words.scn \
	tests/differential/runlevel-file-boot.scn \
	tests/differential/setenv-skips.scn \
	tests/differential/initscript-args.scn \
	tests/differential/level-change-rereads.scn \
	tests/differential/level-request-during-change.scn \
	tests/differential/levels-digit-letter.scn \
	tests/differential/once-wait-shared.scn \
	tests/differential/power-kill-on-change.scn \
	tests/differential/power-order.scn \
	tests/differential/power-pending.scn \
	tests/differential/process-comment.scn \
	tests/differential/reexec.scn \
	tests/differential/reexec-level-7.scn \
	tests/differential/reexec-settle.scn \
	tests/differential/reload-changed-entries.scn \
	tests/differential/reload-grace.scn \
	tests/differential/reload-levels-exclude.scn \
	tests/differential/reload-stop-before-start.scn \
	tests/differential/respawn-limit-reset.scn \
	tests/differential/shutdown-crossed.scn \
	tests/differential/shutdown-sysvinit.scn \
	tests/differential/single-boot-entry.scn \
	tests/differential/single-default-restarts.scn \
	tests/differential/stop-spawning.scn \
	tests/differential/utmp-login.scn \
	tests/differential/wait-running-at-change.scn
TESTS += $(DIFFERENTIAL_TESTS)
# Files, not the directory: the build tree's tests/differential holds the
# logs of a make check, which must not go into the tarball.
EXTRA_DIST += tests/integration/differential.sh tests/differential/README \
	$(DIFFERENTIAL_TESTS) \
	tests/differential/pending/debian-inittab-utmp.scn \
	tests/differential/pending/level-lowercase-s.scn

# Packages the tests fetch (compat.sh, check-vm, bench) survive `make
# clean`, so they are downloaded once; distclean removes them.
distclean-local: clean-vm
	rm -rf tests/cache tests/bench/cache tests/bench/out tests/bench/bench.status
