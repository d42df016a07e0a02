# tests/distro: init is fit for a Debian system.
#
# init-libs.sh (make check): the built init needs libc alone.
TESTS += tests/distro/init-libs.sh
EXTRA_DIST += tests/distro/init-libs.sh
