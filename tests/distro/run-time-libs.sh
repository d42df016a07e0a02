#!/bin/bash
# tests/distro/run-time-libs.sh: the built programs need no shared library
# but libc.
#
# init: PID 1 cannot lose a library it loads, or the next boot panics; a
# package manager may remove libbsd0 (apt autoremove, once nothing
# depends on it), never libc6.  getty, telinit and runlevel: installed
# over sysvinit-core they replace programs that need libc alone, on a
# system that need not have libbsd0 at all (Debian 12 with sysvinit-core
# does not).  So all of them link libbsd and libmd statically
# (configure.ac).
#
# The NEEDED entries of each one's dynamic section must be libc.so.6
# alone (none, for a static program, would do too).  A
# --enable-sanitizers build also loads the sanitizers' runtimes (the
# compiler links them dynamically); they are recognised by the program
# importing __asan_init, and allowed there only.
set -u
: "${abs_top_builddir:?run from make check}"

command -v readelf >/dev/null || { echo "run-time-libs: SKIP: readelf not found (binutils)"; exit 77; }

status=0
for prog in init/init getty/getty telinit/telinit telinit/runlevel; do
	bin=$abs_top_builddir/$prog
	[ -x "$bin" ] || { echo "run-time-libs: FAIL: $bin is not built"; status=1; continue; }
	needed=$(readelf -d "$bin" | sed -n 's/.*(NEEDED).*\[\(.*\)\]$/\1/p')
	allowed='^libc\.so\.6$'
	note=""
	if readelf --dyn-syms -W "$bin" | grep -q ' UND __asan_init'; then
		allowed='^(libc\.so\.6|libasan\.so\.[0-9]+|libubsan\.so\.[0-9]+)$'
		note=" (a sanitizer build: libasan and libubsan allowed)"
	fi
	bad=$(printf '%s\n' "$needed" | grep -Ev "$allowed")
	if [ -n "$bad" ]; then
		echo "run-time-libs: FAIL: $prog needs $(echo $bad) besides libc: link it statically (configure.ac)"
		status=1
	else
		echo "run-time-libs: PASS: $prog needs $(echo ${needed:-nothing})$note"
	fi
done
exit $status
