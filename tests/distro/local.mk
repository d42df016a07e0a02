# tests/distro: init is fit for a Debian system.
#
# run-time-libs.sh (make check): init, getty, telinit and runlevel need
# libc alone.
TESTS += tests/distro/run-time-libs.sh
EXTRA_DIST += tests/distro/run-time-libs.sh
