# make deb: the Debian package (debian/, see debian/README.Debian), built
# by dpkg-buildpackage -b -us -uc in a copy of the distribution tree
# (make distdir) under deb/ of the build tree: neither the source tree
# nor this build gets debhelper's files.  The .deb lands in deb/.
#   DEB_VERSION=V        package version V instead of debian/changelog's
#                        (a changelog entry is added in the copy)
#   DEB_BUILD_OPTIONS    as dpkg-buildpackage takes it (nocheck: no make
#                        check inside the package build)
DEBIAN_FILES = \
	debian/changelog debian/control debian/copyright debian/rules \
	debian/source/format debian/initsuite.docs debian/initsuite.preinst \
	debian/initsuite.postinst debian/initsuite.postrm debian/inittab \
	debian/README.Debian
EXTRA_DIST += $(DEBIAN_FILES) debian.mk

deb: distdir
	@command -v dpkg-buildpackage >/dev/null && command -v dh >/dev/null || \
	  { echo "make deb needs dpkg-dev and debhelper (apt-get install -y dpkg-dev debhelper)" >&2; exit 1; }
	@v=$$(dpkg-parsechangelog -l '$(distdir)/debian/changelog' -S Version); \
	case $$v in $(PACKAGE_VERSION)|$(PACKAGE_VERSION)[+~]*) ;; \
	*) echo "debian/changelog's version $$v is not configure's $(PACKAGE_VERSION)" >&2; exit 1 ;; esac
	rm -rf deb && $(MKDIR_P) deb && mv '$(distdir)' deb/
	if test -n '$(DEB_VERSION)'; then \
	  { printf '%s (%s) unstable; urgency=medium\n\n  * Built by make deb with DEB_VERSION=%s.\n\n -- %s  %s\n\n' \
	      '$(PACKAGE_TARNAME)' '$(DEB_VERSION)' '$(DEB_VERSION)' \
	      "$$(dpkg-parsechangelog -l deb/$(distdir)/debian/changelog -S Maintainer)" \
	      "$$(date -R)"; cat deb/$(distdir)/debian/changelog; } >deb/changelog.new && \
	  mv deb/changelog.new deb/$(distdir)/debian/changelog; \
	fi
	cd deb/$(distdir) && dpkg-buildpackage -b -us -uc >../build.log 2>&1 || \
	  { tail -n 40 ../build.log; echo "dpkg-buildpackage failed: see deb/build.log" >&2; exit 1; }
	@ls deb/*.deb

clean-local: clean-deb
clean-deb:
	rm -rf deb

.PHONY: deb clean-deb
