#!/bin/bash
# tests/distro/check-distro.sh: our build installed over sysvinit-core on
# a real Debian 12 (bookworm), booted under qemu (make check-distro).
#
# 1. The Debian root: mmdebstrap (minbase) from this machine's apt
#    sources for bookworm, with sysvinit-core, sysv-rc, initscripts,
#    login, passwd, util-linux, procps, cron, e2fsprogs,
#    linux-image-cloud-amd64 and initramfs-tools (and no libbsd0), root's
#    password "initsuite", hostname initsuite-deb, / on /dev/vda.  Cached
#    as a tarball in $DISTRO_CACHE (/var/cache/initsuite/distro, outside
#    the clone, so that a new clone or build tree reuses it), made again
#    only when the package list, the hooks or the apt sources change.
# 2. The image: that root, sysvinit's init kept as /sbin/init.sysvinit,
#    our build installed over it with `make install DESTDIR=...` as
#    configured with README's configure options (the build tree's own when
#    it was configured so, else a build of its own in tests/distro/build),
#    Debian's stock inittab plus a getty on the serial line, made into an
#    ext4 file system with `mkfs.ext4 -d` (no loop mount).  For the
#    upgrade path, sysvinit-core's .deb (apt-get download on this machine,
#    kept in the cache) in /root and a copy of our init as
#    /usr/local/sbin/init.ours.  The package machine's image: the stock
#    root with our two .deb files (make deb) and init.nolib, a program
#    that needs a library only the host has, in /root.
# 3. The boots: distro.py works the serial console (see there).  The
#    image's own kernel and initrd, root=/dev/vda, KVM when a probe boots
#    (tests/vm/accel.sh), TCG otherwise.
#
# Environment (make check-distro sets the first three):
#   abs_top_builddir, abs_top_srcdir   the build and source trees
#   BUILD_DIRS      the build's prefix sbindir sysconfdir localstatedir
#                   runstatedir and "yes" for a sanitizer build, as one line
#   DISTRO_CACHE    where the Debian root is cached
#                   (default /var/cache/initsuite/distro)
#   DISTRO_TIMEOUT  the boots' overall deadline in seconds (default 1500: five boots and the package machine)
#   VM_ACCEL        force an accelerator: kvm or tcg
#   DISTRO_MACHINES which machines boot (default sysvinit,ours,package)
#
# Exit status: 0 pass, 1 fail, 77 skip: qemu or the Debian archive cannot
# be had (or, not being root, this cannot build a Debian root).
set -u

skip() { echo "check-distro: SKIP: $*" >&2; exit 77; }
fail() { echo "check-distro: FAIL: $*" >&2; exit 1; }
say() { echo "check-distro: $*"; }

: "${abs_top_builddir:?set abs_top_builddir (run make check-distro)}"
: "${abs_top_srcdir:?set abs_top_srcdir (run make check-distro)}"
here=$abs_top_srcdir/tests/distro
vmdir=$abs_top_srcdir/tests/vm
work=$abs_top_builddir/tests/distro
cache=${DISTRO_CACHE:-/var/cache/initsuite/distro}
MAKE=${MAKE:-make}
t0=$SECONDS

# ---- what it needs ----
[ "$(id -u)" -eq 0 ] ||
	skip "not root: mmdebstrap's root mode and an image whose files are owned by root need root"
[ "$(dpkg --print-architecture 2>/dev/null)" = amd64 ] ||
	skip "not an amd64 Debian machine: the image is Debian 12 amd64"
qemu=$(command -v qemu-system-x86_64) ||
	skip "qemu-system-x86_64 not found (Debian: apt-get install qemu-system-x86)"
command -v python3 >/dev/null || skip "python3 not found"
for tool in mkfs.ext4 apt-get timeout tar readelf; do
	command -v "$tool" >/dev/null || fail "$tool not found"
done
if ! command -v mmdebstrap >/dev/null; then
	say "installing mmdebstrap (apt-get install -y mmdebstrap)"
	DEBIAN_FRONTEND=noninteractive timeout 300 apt-get install -y -qq --no-install-recommends mmdebstrap >&2 ||
		skip "mmdebstrap not installed and apt-get cannot install it"
fi

# The machine's configured apt sources for bookworm, Debian's archive
# only (not a third party's repository), as mmdebstrap's mirror lines.
mapfile -t sources < <(apt-get indextargets --format '$(TARGET_OF) $(REPO_URI) $(RELEASE) $(COMPONENT)' \
	'Created-By: Packages' 'Origin: Debian' 'Architecture: amd64' 2>/dev/null |
	awk '$1 == "deb" && $3 ~ /^bookworm(-updates|-security)?$/' | sort -u)
[ ${#sources[@]} -gt 0 ] ||
	skip "apt knows no Debian 12 (bookworm) archive here (configure one and run apt-get update)"

# ---- the Debian root, cached ----
packages=init,sysvinit-core,sysv-rc,initscripts,login,passwd,util-linux,procps,cron,e2fsprogs,linux-image-cloud-amd64,initramfs-tools
# The guest has no network: apt there works from the package lists kept
# in the root and from /var/cache/apt/archives, which holds what the
# package steps (distro.py's deb machine) may install: orphan-sysvinit-
# scripts (our package Recommends it) and sysvinit-core (the way back),
# with what they need, fetched with the root's own lists so that their
# versions match.
hooks=(
	--skip=cleanup/apt
	--customize-hook='echo root:initsuite | chroot "$1" chpasswd'
	--customize-hook='echo initsuite-deb >"$1/etc/hostname"'
	--customize-hook='printf "127.0.0.1\tlocalhost\n127.0.1.1\tinitsuite-deb\n" >"$1/etc/hosts"'
	--customize-hook='printf "/dev/vda\t/\text4\terrors=remount-ro\t0\t1\n" >"$1/etc/fstab"'
	--customize-hook='APT_CONFIG="$MMDEBSTRAP_APT_CONFIG" apt-get -y -q --download-only --reinstall install sysvinit-core orphan-sysvinit-scripts'
)
key=$(printf '%s\n' "$packages" "${hooks[@]}" "${sources[@]}" | sha256sum | cut -c1-16)
base=$cache/debian12-$key.tar
if [ ! -f "$base" ] || [ ! -s "$base" ]; then
	mkdir -p "$cache" || fail "cannot create $cache"
	rm -rf "$cache"/debian12-*.tar "$cache"/*.tmp
	say "building the Debian 12 root with mmdebstrap (once; cached as $base)"
	mirrors=()
	for s in "${sources[@]}"; do
		read -r _ uri suite comp <<<"$s"
		mirrors+=("deb $uri $suite $comp")
	done
	timeout 480 mmdebstrap --mode=root --format=tar --variant=minbase --include="$packages" \
		"${hooks[@]}" bookworm "$base.tmp" "${mirrors[@]}" >"$cache/mmdebstrap.log" 2>&1
	rc=$?
	if [ $rc -ne 0 ]; then
		rm -rf "$base.tmp"
		tail -n 30 "$cache/mmdebstrap.log"
		if grep -Eq 'Failed to fetch|Could not resolve|Temporary failure|Unable to fetch|Unable to locate package|404 +Not Found|Connection failed' \
			"$cache/mmdebstrap.log" || [ $rc -eq 124 ]; then
			skip "mmdebstrap cannot get the packages from the Debian archive (see $cache/mmdebstrap.log)"
		fi
		fail "mmdebstrap failed (status $rc; see $cache/mmdebstrap.log)"
	fi
	mv "$base.tmp" "$base" || fail "cannot move $base.tmp"
	say "Debian root built in $((SECONDS - t0)) s"
else
	say "Debian root from the cache: $base"
fi

# ---- Debian's sysvinit-core package, for the upgrade in the guest ----
# apt-get download from this machine's sources, kept beside the root's
# tarball (the last one fetched serves when the archive cannot be had).
svdeb=""
if (cd "$cache" && timeout 120 apt-get download -q -o APT::Sandbox::User=root sysvinit-core) \
	>"$cache/apt-download.log" 2>&1; then
	svdeb=$(ls -t "$cache"/sysvinit-core_*_amd64.deb 2>/dev/null | head -n1)
	for old in "$cache"/sysvinit-core_*_amd64.deb; do
		[ "$old" = "$svdeb" ] || rm -f "$old"
	done
else
	svdeb=$(ls -t "$cache"/sysvinit-core_*_amd64.deb 2>/dev/null | head -n1)
fi
[ -n "$svdeb" ] && dpkg-deb -f "$svdeb" Package 2>/dev/null | grep -qx sysvinit-core ||
	{ cat "$cache/apt-download.log"; skip "apt-get download sysvinit-core cannot get the package from the Debian archive"; }
say "sysvinit-core for the upgrade in the guest: ${svdeb##*/}"

# ---- our build, configured as README says ----
# README's Install section has the one configure command line.
readme_opts=$(sed -n 's/^ *autoreconf -fi && \.\/configure \(--[^&]*\) && make.*/\1/p' "$abs_top_srcdir/README" | head -n1)
[ -n "$readme_opts" ] || fail "no './configure --prefix=...' line in README's Install section"
read -r -a opts <<<"$readme_opts"
want=""
for d in prefix sbindir sysconfdir localstatedir runstatedir; do
	v=""
	for o in "${opts[@]}"; do
		case $o in --$d=*) v=${o#--$d=} ;; esac
	done
	[ -n "$v" ] || fail "README's configure line ($readme_opts) sets no --$d"
	want="$want$v "
done
want="${want}no"
if [ "${BUILD_DIRS:-}" = "$want" ]; then
	build=$abs_top_builddir
else
	build=$work/build
	say "this build is configured otherwise (${BUILD_DIRS:-unknown}): a build of its own in $build with $readme_opts"
	[ ! -f "$abs_top_srcdir/config.status" ] ||
		fail "$abs_top_srcdir is configured in place, so no second build can come from it: configure it with $readme_opts"
	mkdir -p "$build" || fail "cannot create $build"
	if [ ! -f "$build/Makefile" ]; then
		(cd "$build" && "$abs_top_srcdir/configure" "${opts[@]}" -q) || fail "configure $readme_opts failed"
	fi
	$MAKE -C "$build" -s -j"$(nproc 2>/dev/null || echo 2)" >/dev/null || fail "make in $build failed"
fi

# ---- our Debian package, two versions ----
# make deb (debian.mk) in this build tree, then again with a higher
# version (a changelog entry added in its copy): the package machine
# installs the first over sysvinit-core and upgrades to the second.
if ! command -v dpkg-buildpackage >/dev/null || ! command -v dh >/dev/null; then
	say "installing debhelper and dpkg-dev (apt-get install -y), for make deb"
	DEBIAN_FRONTEND=noninteractive timeout 300 apt-get install -y -qq --no-install-recommends \
		debhelper dpkg-dev >&2 || skip "debhelper or dpkg-dev not installed and apt-get cannot install them"
fi
debs=$work/debs
rm -rf "$debs" && mkdir -p "$debs" || fail "cannot create $debs"
deb_v1=$(dpkg-parsechangelog -l "$abs_top_srcdir/debian/changelog" -S Version) ||
	fail "cannot read debian/changelog's version"
deb_v2=$deb_v1+check1
t_deb=$SECONDS
for v in "" "$deb_v2"; do
	env DEB_BUILD_OPTIONS=nocheck $MAKE -C "$abs_top_builddir" -s deb ${v:+DEB_VERSION=$v} \
		>"$work/make-deb.log" 2>&1 || { tail -n 40 "$work/make-deb.log"; fail "make deb ${v:+DEB_VERSION=$v }failed"; }
	cp "$abs_top_builddir"/deb/initsuite_"${v:-$deb_v1}"_amd64.deb "$debs/" ||
		fail "make deb made no initsuite_${v:-$deb_v1}_amd64.deb"
done
say "built initsuite_${deb_v1}_amd64.deb and initsuite_${deb_v2}_amd64.deb with make deb in $((SECONDS - t_deb)) s"
# Lintian, when installed (tests/test-it installs it): no error.
if command -v lintian >/dev/null; then
	lintian --pedantic "$debs/initsuite_${deb_v1}_amd64.deb" >"$work/lintian.log" 2>&1
	grep -q '^E: ' "$work/lintian.log" && { cat "$work/lintian.log"; fail "lintian reports errors on our package"; }
	say "lintian: $(grep -c '^E: ' "$work/lintian.log") errors, $(grep -c '^W: ' "$work/lintian.log") warnings"
else
	say "lintian not installed: the package is not checked with it"
fi

# ---- the images ----
root=$work/root
rm -rf "$root" "$work/disk.img" "$work/disk-deb.img" && mkdir -p "$root" || fail "cannot create $root"
tar -xpf "$base" --numeric-owner -C "$root" || fail "cannot extract $base"
if grep -q '^Package: libbsd0$' "$root/var/lib/dpkg/status"; then
	fail "the Debian root has libbsd0: a package in the list pulls it in, so it cannot show that init does without it"
fi
# Debian's stock inittab, plus a getty on the serial line (its commented
# example, at 115200 baud).
grep -q '^#T0:23:respawn:/sbin/getty -L ttyS0' "$root/etc/inittab" ||
	fail "the stock inittab has no commented T0 line for a serial getty"
echo 'T0:23:respawn:/sbin/getty -L ttyS0 115200 vt100' >>"$root/etc/inittab"
size=$(($(du -sm "$root" | cut -f1) + 512))
# The package machine's image: the stock root (sysvinit-core, no make
# install) with our two packages in /root, and init.nolib: a program
# linked with a library left here (package.py's broken /sbin/init).
cp "$debs"/*.deb "$root/root/" || fail "cannot put our packages into the image"
echo 'int gone(void) { return 0; }' >"$work/gone.c" &&
	echo 'int gone(void); int main(void) { return gone(); }' >"$work/needs.c" &&
	cc -shared -fPIC -o "$work/libgone.so" "$work/gone.c" &&
	cc -o "$root/root/init.nolib" "$work/needs.c" -L"$work" -lgone ||
	fail "cannot build init.nolib (cc)"
mkfs.ext4 -q -F -L debian12 -d "$root" "$work/disk-deb.img" "${size}M" >"$work/mkfs.log" 2>&1 ||
	{ cat "$work/mkfs.log"; fail "mkfs.ext4 -d failed"; }
rm -f "$root"/root/initsuite_*.deb "$root/root/init.nolib" "$work/gone.c" "$work/needs.c" "$work/libgone.so"
# sysvinit's own init stays in the image, for the reference boot.
cp -p "$root/sbin/init" "$root/sbin/init.sysvinit" || fail "no sysvinit /sbin/init in the root"
$MAKE -C "$build" -s install DESTDIR="$root" >"$work/install.log" 2>&1 ||
	{ cat "$work/install.log"; fail "make install DESTDIR=$root failed"; }
cmp -s "$build/init/init" "$root/sbin/init" ||
	fail "make install did not put our init at /sbin/init"
say "installed our build (from $build) over sysvinit-core; /sbin/init needs: $(readelf -d "$root/sbin/init" |
	sed -n 's/.*(NEEDED).*\[\(.*\)\]$/\1/p' | tr '\n' ' ')"
# The upgrade path (distro.py): dpkg -i of sysvinit-core's .deb in the
# running guest puts sysvinit's init back over ours; our init is then put
# back from this copy as dpkg would (copied to a temporary name in /sbin,
# renamed over /sbin/init), followed by telinit u.
install -m 0755 "$root/sbin/init" "$root/usr/local/sbin/init.ours" &&
	cp "$svdeb" "$root/root/" || fail "cannot put init.ours and ${svdeb##*/} into the image"
# Our shutdown and halt (reboot and poweroff: links to it) over
# sysvinit-core's, as make install puts them; copies kept for telling them
# apart in the guest and for putting them back after its dpkg -i.
for p in shutdown halt; do
	cmp -s "$build/shutdown/$p" "$root/sbin/$p" || fail "make install did not put our $p at /sbin/$p"
	install -m 0755 "$root/sbin/$p" "$root/usr/local/sbin/$p.ours" || fail "cannot copy $p.ours"
done
[ "$(readlink "$root/sbin/reboot") $(readlink "$root/sbin/poweroff")" = "halt halt" ] ||
	fail "make install did not make /sbin/reboot and /sbin/poweroff links to halt"
"$build/init/init" --check "$root/etc/inittab" >"$work/inittab.check" 2>&1 ||
	{ cat "$work/inittab.check"; fail "init --check refuses the image's inittab"; }

kernel=$(ls "$root"/boot/vmlinuz-* 2>/dev/null | head -n1)
initrd=$(ls "$root"/boot/initrd.img-* 2>/dev/null | head -n1)
[ -n "$kernel" ] && [ -n "$initrd" ] || fail "no kernel or initrd in the root's /boot"
cp "$kernel" "$work/vmlinuz" && cp "$initrd" "$work/initrd.img" || fail "cannot copy the kernel and initrd"
kversion=${kernel##*/vmlinuz-}
mkfs.ext4 -q -F -L debian12 -d "$root" "$work/disk.img" "${size}M" >"$work/mkfs.log" 2>&1 ||
	{ cat "$work/mkfs.log"; fail "mkfs.ext4 -d failed"; }
rm -rf "$root"
# Written out now, not while the first machine boots from it.
sync "$work/disk.img" "$work/disk-deb.img"
say "images $work/disk.img and disk-deb.img (${size} MB, kernel $kversion) ready after $((SECONDS - t0)) s"

# ---- the boots ----
. "$vmdir/accel.sh"
accel=$(choose_accel "${VM_ACCEL:-}" "$qemu" "$work/vmlinuz" "$work/kvm-probe.log" check-distro)
# shellcheck disable=SC2207  # two or four words, none with blanks
qemu_args=(-machine pc -m 1G -smp 1 -nodefaults -no-user-config -display none
	-drive "file=$work/disk.img,format=raw,if=virtio"
	-kernel "$work/vmlinuz" -initrd "$work/initrd.img" $(accel_args "$accel") -serial stdio)
say "booting with accel $accel"
python3 "$here/distro.py" --work "$work" --timeout "${DISTRO_TIMEOUT:-1500}" --accel "$accel" \
	--deb-image "$work/disk-deb.img" --machines "${DISTRO_MACHINES:-sysvinit,ours,package}" \
	--append "root=/dev/vda ro quiet console=ttyS0,115200" -- "$qemu" "${qemu_args[@]}"
rc=$?
say "$((SECONDS - t0)) s in all"
exit $rc
