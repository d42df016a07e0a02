#!/bin/bash
# tests/distro/init-libs.sh: the built init needs no shared library but
# libc.  PID 1 cannot lose a library it loads, or the next boot panics:
# a package manager may remove libbsd0 (apt autoremove, once nothing
# depends on it), never libc6.  So init links libbsd and libmd statically
# (configure.ac); telinit, runlevel and getty may load them.
#
# The NEEDED entries of init's dynamic section must be libc.so.6 alone
# (none, for a static init, would do too).
# A --enable-sanitizers build also loads the sanitizers' runtimes (the
# compiler links them dynamically); they are recognised by init
# importing __asan_init, and allowed there only.
set -u
: "${abs_top_builddir:?run from make check}"
init=$abs_top_builddir/init/init

command -v readelf >/dev/null || { echo "init-libs: SKIP: readelf not found (binutils)"; exit 77; }
[ -x "$init" ] || { echo "init-libs: FAIL: $init is not built"; exit 1; }

needed=$(readelf -d "$init" | sed -n 's/.*(NEEDED).*\[\(.*\)\]$/\1/p')
allowed='^libc\.so\.6$'
if readelf --dyn-syms -W "$init" | grep -q ' UND __asan_init'; then
	allowed='^(libc\.so\.6|libasan\.so\.[0-9]+|libubsan\.so\.[0-9]+)$'
	echo "init-libs: a sanitizer build: libasan and libubsan are allowed too"
fi
echo "init-libs: $init needs: $(echo ${needed:-nothing})"
bad=$(printf '%s\n' "$needed" | grep -Ev "$allowed")
if [ -n "$bad" ]; then
	echo "init-libs: FAIL: init needs $(echo $bad): link it statically (configure.ac's INIT_LIBBSD_LIBS)"
	exit 1
fi
echo "init-libs: PASS: init needs libc alone"
