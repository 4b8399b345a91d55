#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build qemu-system-arm with this repository's device models
# (qemu/patches/series) from Debian's `qemu` source package, and run the
# models' qtests.
#
#   qemu/build.sh            fetch, unpack, apply the series, configure, build
#   qemu/build.sh test       the above, then run the qtests of the series
#   qemu/build.sh path       the same as build, then print the path of
#                            qemu-system-arm on stdout (for Q=$(qemu/build.sh path))
#
# Progress goes to stderr; the logs of apt, configure and make go to files
# in $QCACHE.
#
# The source comes from the trixie suite of the Debian archive that this
# machine's own apt sources use (read from `apt-get indextargets` at run
# time, never written here), through a private apt configuration under
# $QCACHE/apt: the system's sources and dpkg database are not touched.
# trixie's `meson` and `python3-pycotap` (Architecture: all; bookworm's
# meson is too old for QEMU 10.0) are fetched the same way and unpacked,
# not installed: they are put on PYTHONPATH for configure and make.
#
# The source tree is a git repository, $QCACHE/src-$VERSION: one commit of
# the unpacked orig tarball and one of the only Debian patch the build
# needs (DEBIAN_PATCHES), tagged "debian-orig", and a branch "sdma-series"
# with qemu/patches/series applied by `git am`. Re-running re-applies the
# series only when it changed. An unchanged series is a no-op make in
# $QCACHE/build-$VERSION; a changed one currently rebuilds nearly
# everything (the re-applied Kconfig changes regenerate config-poison.h,
# see qemu/README.md).
#
# Build dependencies from the system's normal Debian 12 sources are
# installed with apt-get when missing (root): see BUILD_DEPS.
#
# Everything is built with `nice -n 19` and at most $JOBS (default 2) jobs:
# the machine is shared with kernel builds.

set -eu -o pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
CACHE=${SDMA_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/imx-sdma-series}
QCACHE=$CACHE/qemu
SUITE=${QEMU_SUITE:-trixie}
# The upstream series the patches are written against; any Debian
# revision of it is accepted (the archive keeps only the newest one).
UPSTREAM=${QEMU_UPSTREAM:-10.0}
TESTED=1:10.0.13+ds-0+deb13u1
JOBS=${JOBS:-2}
BUILD_DEPS="build-essential pkgconf git ninja-build flex bison python3-venv
	libglib2.0-dev libpixman-1-dev libfdt-dev zlib1g-dev dpkg-dev"
# Debian's patches of the source package that the build needs (the rest
# are Debian packaging and are not applied).
DEBIAN_PATCHES="skip-unpack-edk2-blobs.patch"
# The qtests of the series.
QTESTS="imx-sdma-test imx-ssi-test"
# From $SUITE, unpacked only.
PY_DEBS="meson python3-pycotap"

die() { echo "qemu/build.sh: $*" >&2; exit 1; }
log() { echo "qemu/build.sh: $*" >&2; }

mkdir -p "$QCACHE"

install_build_deps() {
	local missing= p
	for p in $BUILD_DEPS; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed' ||
			missing="$missing $p"
	done
	[ -z "$missing" ] && return 0
	[ "$(id -u)" = 0 ] || die "missing build dependencies:$missing (apt-get install them as root)"
	log "installing build dependencies:$missing"
	apt-get -o DPkg::Lock::Timeout=900 install -y -q --no-install-recommends $missing >&2 ||
		die "apt-get install$missing failed"
}

# private_apt_config DIR SUITE TYPE...: the harness's (scripts/apt-private.sh),
# as scripts/prepare-base.sh uses it; here with deb and deb-src lines for
# $SUITE main.
. "$HERE/../scripts/apt-private.sh"

# fetch: the newest $UPSTREAM.x qemu source of $SUITE into $QCACHE/dl, and
# the Python packages into $QCACHE/py. Sets VERSION (upstream) and DSC.
# With a source already unpacked and no network, the cached one is used.
fetch() {
	local conf ver i
	conf=$(private_apt_config "$QCACHE/apt/$SUITE" "$SUITE" deb deb-src)
	ver=
	for i in 1 2 3; do
		if APT_CONFIG=$conf apt-get update -q >"$QCACHE/apt-update.log" 2>&1; then
			ver=$(APT_CONFIG=$conf apt-cache showsrc qemu 2>/dev/null |
				awk '$1 == "Version:" { print $2 }' | sort -V | tail -1)
			break
		fi
		sleep 5
	done
	if [ -z "$ver" ]; then
		DSC=$(ls "$QCACHE"/dl/qemu_*.dsc 2>/dev/null | sort -V | tail -1) ||
			die "apt-get update of $SUITE failed ($QCACHE/apt-update.log) and no cached source"
		[ -n "$DSC" ] || die "apt-get update of $SUITE failed ($QCACHE/apt-update.log) and no cached source"
		log "apt-get update failed; using the cached $(basename "$DSC")"
	else
		case ${ver#*:} in
		"$UPSTREAM".*) ;;
		*) die "$SUITE has qemu $ver, the series is for $UPSTREAM.x (QEMU_UPSTREAM=...)" ;;
		esac
		[ "$ver" = "$TESTED" ] || log "note: $SUITE has qemu $ver; the series was tested on $TESTED"
		DSC=$QCACHE/dl/qemu_${ver#*:}.dsc
		if [ ! -f "$DSC" ]; then
			mkdir -p "$QCACHE/dl"
			rm -f "$QCACHE"/dl/*
			log "downloading the qemu $ver source from $SUITE"
			(cd "$QCACHE/dl" && APT_CONFIG=$conf apt-get source -q --download-only "qemu=$ver") \
				>"$QCACHE/apt-source.log" 2>&1 ||
				die "apt-get source qemu=$ver failed"
		fi
	fi
	mkdir -p "$QCACHE/py/debs"
	if [ ! -f "$QCACHE/py/stamp" ]; then
		rm -rf "$QCACHE/py/root" "$QCACHE"/py/debs/*
		(cd "$QCACHE/py/debs" && APT_CONFIG=$conf apt-get download -q $PY_DEBS) \
			>"$QCACHE/apt-download.log" 2>&1 ||
			die "apt-get download $PY_DEBS from $SUITE failed"
		for i in "$QCACHE"/py/debs/*.deb; do
			dpkg-deb -x "$i" "$QCACHE/py/root" || die "cannot unpack $i"
		done
		(cd "$QCACHE/py/debs" && ls) >"$QCACHE/py/stamp"
	fi
	VERSION=$(sed -n 's/^Version: [0-9]*:\{0,1\}\([^+-]*\).*/\1/p' "$DSC" | head -1)
	[ -n "$VERSION" ] || die "no version in $DSC"
}

# unpack: $SRC, a git repository of the orig tarball, tagged debian-orig.
unpack() {
	SRC=$QCACHE/src-$VERSION
	if git -C "$SRC" rev-parse -q --verify refs/tags/debian-orig >/dev/null 2>&1; then
		return 0
	fi
	rm -rf "$SRC" "$SRC.tmp"
	log "unpacking $(basename "$DSC") (without Debian's patches)"
	dpkg-source --skip-patches -x "$DSC" "$SRC.tmp" >"$QCACHE/unpack.log" 2>&1 || die "dpkg-source -x $DSC failed"
	(
		cd "$SRC.tmp"
		mv debian ../debian.tmp.$$
		git init -q -b orig
		git config user.name "sdma-series harness"
		git config user.email "harness@localhost"
		git config gc.auto 0
		git add -f -A .
		git commit -q -m "QEMU $VERSION (Debian $(basename "$DSC" .dsc), orig tarball)"
		# The one Debian patch a build of the +ds tarball needs: the
		# edk2 firmware blobs are stripped from it.
		for p in $DEBIAN_PATCHES; do
			git apply "../debian.tmp.$$/patches/$p"
			git commit -q -a -m "Debian's $p" -m "From debian/patches of $(basename "$DSC" .dsc)."
		done
		rm -rf "../debian.tmp.$$"
		git tag debian-orig
	) || die "git init of the source failed"
	mv "$SRC.tmp" "$SRC"
}

# series_patches: the patch files of qemu/patches/series, in order.
series_patches() {
	sed -e 's/#.*//' -e 's/[[:space:]]*$//' "$HERE/patches/series" | awk 'NF'
}

# apply: the series on branch sdma-series, redone when the series changed.
apply() {
	local sum
	sum=$(cd "$HERE/patches" && cat series $(series_patches) | sha256sum | cut -d' ' -f1)
	if [ "$(cat "$SRC/.git/sdma-series-sum" 2>/dev/null)" = "$sum" ] &&
	   [ "$(git -C "$SRC" symbolic-ref -q --short HEAD)" = sdma-series ] &&
	   [ -z "$(git -C "$SRC" status --porcelain --untracked-files=no)" ]; then
		return 0
	fi
	log "applying qemu/patches/series"
	git -C "$SRC" am --abort >/dev/null 2>&1 || true
	git -C "$SRC" checkout -q -f -B sdma-series debian-orig
	local p
	for p in $(series_patches); do
		git -C "$SRC" am -q --3way "$HERE/patches/$p" || die "git am of qemu/patches/$p failed"
	done
	echo "$sum" >"$SRC/.git/sdma-series-sum"
}

# devices: qemu/sabrelite.mak as the device configuration "sabrelite" of
# arm-softmmu in the source tree (an untracked file there; configure only
# reads device configurations from configs/devices/).
devices() {
	local d=$SRC/configs/devices/arm-softmmu/sabrelite.mak
	cmp -s "$HERE/sabrelite.mak" "$d" || cp "$HERE/sabrelite.mak" "$d" ||
		die "cannot copy sabrelite.mak into $SRC"
}

configure() {
	BUILD=$QCACHE/build-$VERSION
	# Only arm-softmmu, only what the sabrelite boot needs: the sabrelite
	# board and the devices its Kconfig selects (qemu/sabrelite.mak, no
	# default devices: the other arm boards are not built), no GUI, no
	# network backend, no docs, no debug information; the wav audio
	# backend is always built (-audiodev wav), no host audio driver.
	# ccache, when installed, with the harness's CCACHE_DIR.
	local args=(--target-list=arm-softmmu --without-default-features
		--without-default-devices --with-devices-arm=sabrelite
		--disable-debug-info
		--disable-docs --disable-werror --disable-install-blobs
		--enable-fdt=system --enable-pixman --audio-drv-list=)
	if command -v ccache >/dev/null; then
		args+=("--cc=ccache gcc")
	fi
	if [ -f "$BUILD/build.ninja" ] && [ "$(cat "$BUILD/.sdma-args" 2>/dev/null)" = "${args[*]}" ]; then
		return 0
	fi
	rm -rf "$BUILD"
	mkdir -p "$BUILD"
	log "configuring in $BUILD"
	(cd "$BUILD" && nice -n 19 "$SRC/configure" "${args[@]}") >"$QCACHE/configure.log" 2>&1 ||
		{ tail -30 "$QCACHE/configure.log" >&2; die "configure failed ($QCACHE/configure.log)"; }
	echo "${args[*]}" >"$BUILD/.sdma-args"
}

build() {
	local t0=$SECONDS t tests=
	for t in $QTESTS; do
		[ -f "$SRC/tests/qtest/$t.c" ] && tests="$tests tests/qtest/$t"
	done
	log "building (nice -n 19 make -j$JOBS) in $BUILD"
	# Two makes: the first regenerates the build files when the series
	# changed them, and the second then knows the targets of new qtests.
	{ nice -n 19 make -C "$BUILD" -j"$JOBS" qemu-system-arm &&
	  nice -n 19 make -C "$BUILD" -j"$JOBS" $tests; } >"$QCACHE/build.log" 2>&1 ||
		{ grep -E 'error|Error' "$QCACHE/build.log" | head -30 >&2; die "build failed ($QCACHE/build.log)"; }
	log "built $BUILD/qemu-system-arm in $((SECONDS - t0)) s"
}

run_tests() {
	local t rc=0
	for t in $QTESTS; do
		log "qtest $t"
		QTEST_QEMU_BINARY=$BUILD/qemu-system-arm \
		QTEST_QEMU_STORAGE_DAEMON_BINARY=/bin/false \
			timeout 300 "$BUILD/tests/qtest/$t" --tap -k >&2 || rc=1
	done
	return $rc
}

export CCACHE_DIR=${CCACHE_DIR:-$CACHE/ccache}
# As the harness (scripts/lib.sh): the build directory is not hashed, so
# that two caches of the same layout share objects.
export CCACHE_NOHASHDIR=1
export PYTHONPATH=$QCACHE/py/root/usr/lib/python3/dist-packages${PYTHONPATH:+:$PYTHONPATH}
export PATH=$QCACHE/py/root/usr/bin:$PATH

case ${1:-build} in
build|test|path) ;;
*) die "usage: qemu/build.sh [build|test|path]" ;;
esac
T0=$SECONDS
install_build_deps
fetch
unpack
apply
devices
configure
build
log "total $((SECONDS - T0)) s"
if [ "${1:-build}" = test ]; then
	run_tests || die "qtests failed"
	log "qtests passed"
fi
if [ "${1:-build}" = path ]; then
	echo "$BUILD/qemu-system-arm"
fi
