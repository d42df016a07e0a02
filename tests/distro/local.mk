# tests/distro: init is fit for a Debian system.
#
# run-time-libs.sh (make check): init, getty, telinit and runlevel need
# libc alone.
TESTS += tests/distro/run-time-libs.sh
EXTRA_DIST += tests/distro/run-time-libs.sh

# make check-distro: our build installed over sysvinit-core on a Debian 12
# root made with mmdebstrap, booted under qemu and worked on its serial
# console (tests/distro/check-distro.sh, distro.py); and our Debian
# package (make deb, two versions) installed, upgraded, replaced by
# sysvinit-core and installed again with apt on a stock Debian 12 booted
# with sysvinit (package.py).  Not part of `make
# check`: it downloads Debian and needs root and qemu.  Like check-vm, a
# skip (77: qemu or the Debian archive cannot be had) is no failure of
# make; the status is left in tests/distro/check-distro.status for
# tests/test-it.
DISTRO_FILES = \
	tests/distro/check-distro.sh \
	tests/distro/distro.py \
	tests/distro/package.py
EXTRA_DIST += $(DISTRO_FILES)

if SANITIZERS
DISTRO_SANITIZERS = yes
else
DISTRO_SANITIZERS = no
endif

check-distro: all
	@$(MKDIR_P) tests/distro; rm -f tests/distro/check-distro.status; \
	abs_top_builddir='$(abs_top_builddir)' abs_top_srcdir='$(abs_top_srcdir)' \
	BUILD_DIRS='$(prefix) $(sbindir) $(sysconfdir) $(localstatedir) $(runstatedir) $(DISTRO_SANITIZERS)' \
	MAKE='$(MAKE)' $(BASH) $(abs_top_srcdir)/tests/distro/check-distro.sh; \
	rc=$$?; echo $$rc >tests/distro/check-distro.status; \
	case $$rc in \
	0) echo "PASS: check-distro" ;; \
	77) echo "SKIP: check-distro" ;; \
	*) echo "FAIL: check-distro (exit status $$rc)"; exit 1 ;; \
	esac

# clean-distro (and distclean) removes the images and the boots' logs.
# The Debian root and its packages are cached outside the build tree, in
# /var/cache/initsuite/distro (DISTRO_CACHE), so that the next clone or
# build reuses them: clean-distro-cache removes that.
clean-distro:
	rm -rf tests/distro/cache tests/distro/root tests/distro/build tests/distro/disk.img \
		tests/distro/disk-deb.img tests/distro/debs tests/distro/make-deb.log tests/distro/lintian.log \
		tests/distro/vmlinuz tests/distro/initrd.img tests/distro/serial-ours.log \
		tests/distro/serial-sysvinit.log tests/distro/serial-package.log \
		tests/distro/kvm-probe.log tests/distro/install.log \
		tests/distro/mkfs.log tests/distro/inittab.check tests/distro/check-distro.status
distclean-local: clean-distro
clean-distro-cache:
	rm -rf "$${DISTRO_CACHE:-/var/cache/initsuite/distro}"

.PHONY: check-distro clean-distro clean-distro-cache
