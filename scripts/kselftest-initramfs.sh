#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Cross-build the ALSA XRUN recovery kselftest (tools/testing/selftests/alsa/
# pcm-xrun-test.c, from the series) for ARM and stage it as an overlay of
# the QEMU sabrelite initramfs (boot-qemu.sh's third argument):
#
#   OUT/rootfs/selftest/run                  static launcher (tests/initramfs/selftest-run.c)
#   OUT/rootfs/selftest/pcm-xrun-test        the kselftest, dynamically linked
#   OUT/rootfs/selftest/libatest.so          its helper library (conf.c)
#   OUT/rootfs/selftest/args                 its arguments, one per line
#   OUT/rootfs/selftest/alsa-utils-xrun.sh   the alsa-utils client scenario
#   OUT/rootfs/usr/bin/aplay, arecord        Debian armhf alsa-utils
#   OUT/rootfs/bin/busybox, sh, ...          Debian armhf busybox-static, with
#                                            a link per applet (the scenario's shell)
#   OUT/rootfs/lib/ld-linux-armhf.so.3       the dynamic loader
#   OUT/rootfs/lib/arm-linux-gnueabihf/      libasound, libc, libm, ... (Debian armhf)
#   OUT/rootfs/usr/share/alsa/               alsa-lib's configuration
#
# Debian has no static libasound, hence the loader and the libraries.
# alsa-utils and busybox-static are unpacked from their armhf packages
# (scripts/lib.sh: debs_extract), not installed on this host. Then the ARM
# binaries are run once under qemu-arm-static on this host, which has no
# sound card: the kselftest must SKIP (exit 4), aplay must start.
#
# Usage: scripts/kselftest-initramfs.sh SRC OUT [TEST_ARGS...]
#   SRC        a kernel tree with the series applied (holds pcm-xrun-test.c)
#   OUT        output directory (build objects in OUT/build, overlay in OUT/rootfs)
#   TEST_ARGS  arguments for the test in the guest (default: the smoke run,
#              10 forced XRUNs on each direction of snd-dummy's hw:Dummy,0,0,
#              with a 400 ms margin on the recovery deadline: QEMU's TCG on
#              a loaded host delays the dummy's timer by tens of ms)

. "$(dirname "$0")/lib.sh"

SRC=${1:?usage: kselftest-initramfs.sh SRC OUT [TEST_ARGS...]}
OUT=${2:?usage: kselftest-initramfs.sh SRC OUT [TEST_ARGS...]}
shift 2
TEST_ARGS=("$@")
[ ${#TEST_ARGS[@]} -eq 0 ] && TEST_ARGS=(--quick --xruns 10 --margin-ms 400 --device "hw:Dummy,0,0")

TDIR=$SRC/tools/testing/selftests/alsa
[ -f "$TDIR/pcm-xrun-test.c" ] || die 2 "$SRC: no tools/testing/selftests/alsa/pcm-xrun-test.c (is the series applied?)"
if ! mkdir -p "$OUT" || ! OUT=$(cd "$OUT" && pwd); then
	die "cannot create $OUT"
fi
BLD=$OUT/build
ROOT=$OUT/rootfs
MA=arm-linux-gnueabihf
LIBDIRS=("/lib/$MA" "/usr/lib/$MA")

prereqs() {
	# Installed up front by every entry point (harness_prereqs); this only
	# matters when the script is run on its own.
	ensure_armhf
	need_pkgs gcc-arm-linux-gnueabihf libc6-dev-armhf-cross pkg-config make file \
		libasound2-dev:armhf libasound2-data qemu-user-static
}

build() {
	rm -rf "$BLD" && mkdir -p "$BLD" || return 1
	PKG_CONFIG_LIBDIR=/usr/lib/$MA/pkgconfig PKG_CONFIG_PATH=/usr/lib/$MA/pkgconfig \
		quiet_log "$STAGE_LOG" make -C "$TDIR" CROSS_COMPILE="$CROSS" \
		OUTPUT="$BLD" "$BLD/pcm-xrun-test" || return 1
	${CROSS}gcc -static -Os -Wall -Wextra -Werror -o "$BLD/run" \
		"$TOP/tests/initramfs/selftest-run.c" || return 1
	file "$BLD/pcm-xrun-test" "$BLD/run" | sed "s|$BLD/||"
}

# find_lib NAME: the path of shared library NAME in the armhf library dirs.
find_lib() {
	local d
	for d in "${LIBDIRS[@]}"; do
		[ -e "$d/$1" ] && { echo "$d/$1"; return 0; }
	done
	return 1
}

needed() { ${CROSS}readelf -d "$1" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'; }

stage_tree() {
	rm -rf "$ROOT" && mkdir -p "$ROOT/selftest" "$ROOT/lib/$MA" "$ROOT/usr/share" || return 1
	cp "$BLD/run" "$BLD/pcm-xrun-test" "$BLD/libatest.so" "$ROOT/selftest/" || return 1
	printf '%s\n' "${TEST_ARGS[@]}" >"$ROOT/selftest/args"

	# The loader, where PT_INTERP names it.
	local interp
	interp=$(${CROSS}readelf -l "$BLD/pcm-xrun-test" |
		sed -n 's/.*Requesting program interpreter: \(.*\)\]/\1/p')
	[ "$interp" = /lib/ld-linux-armhf.so.3 ] || { echo "unexpected interpreter '$interp'"; return 1; }
	cp -L "$(find_lib ld-linux-armhf.so.3)" "$ROOT/lib/ld-linux-armhf.so.3" || return 1

	# alsa-utils (aplay, and arecord, its link) and busybox, from Debian.
	local debs=$OUT/debs a
	rm -rf "$debs"
	echo "Debian armhf packages (unpacked, not installed):"
	debs_extract "$debs" alsa-utils:armhf busybox-static:armhf || return 1
	mkdir -p "$ROOT/usr/bin" "$ROOT/bin" "$ROOT/tmp" || return 1
	cp -a "$debs/usr/bin/aplay" "$debs/usr/bin/arecord" "$ROOT/usr/bin/" || return 1
	cp "$debs/bin/busybox" "$ROOT/bin/busybox" || return 1
	for a in $(qemu-arm-static "$ROOT/bin/busybox" --list); do
		[ -e "$ROOT/bin/$a" ] || ln -s busybox "$ROOT/bin/$a"
	done
	install -m 0755 "$TOP/tests/initramfs/alsa-utils-xrun.sh" "$ROOT/selftest/" || return 1

	# The NEEDED closure of the test, of libatest.so and of aplay.
	local todo=("$BLD/pcm-xrun-test" "$BLD/libatest.so" "$ROOT/usr/bin/aplay") seen=" libatest.so " f n p
	while [ ${#todo[@]} -gt 0 ]; do
		f=${todo[0]}; todo=("${todo[@]:1}")
		for n in $(needed "$f"); do
			[[ $seen == *" $n "* ]] && continue
			seen+="$n "
			p=$(find_lib "$n") || { echo "library $n (needed by $(basename "$f")) not found in ${LIBDIRS[*]}"; return 1; }
			cp -L "$p" "$ROOT/lib/$MA/$n" || return 1
			todo+=("$ROOT/lib/$MA/$n")
		done
	done
	cp -a /usr/share/alsa "$ROOT/usr/share/alsa" || return 1
	echo "staged in $ROOT:"
	(cd "$ROOT" && find selftest lib usr/bin bin/busybox -type f | sort | sed 's/^/  /')
	echo "  bin: $(find "$ROOT/bin" -type l | wc -l) busybox applet links"
	echo "  usr/share/alsa ($(du -sh "$ROOT/usr/share/alsa" | cut -f1))"
	echo "  args: ${TEST_ARGS[*]}"
	echo "  total $(du -sh "$ROOT" | cut -f1)"
}

# On this host (no sound card) the ARM binary must start and SKIP.
user_mode_check() {
	local out rc
	# From /selftest, as in the guest: the test finds libatest.so through
	# its RUNPATH "./" (the kselftest Makefile links it so).
	out=$(cd "$ROOT/selftest" && qemu-arm-static -L "$ROOT" ./pcm-xrun-test 2>&1)
	rc=$?
	echo "$out" | sed 's/^/  /'
	if [ $rc -eq 4 ] && echo "$out" | grep -q '^1\.\.0 # SKIP'; then
		echo "qemu-arm-static: runs and skips (exit $rc)"
		return 0
	fi
	if [ -d /proc/asound ]; then
		echo "qemu-arm-static: exit $rc (this host has sound cards; not judged)"
		return 0
	fi
	echo "qemu-arm-static: expected a SKIP (exit 4), got exit $rc"
	return 1
}

# aplay and busybox start on this host too (no card: aplay -l lists none).
user_mode_tools() {
	local out
	out=$(qemu-arm-static -L "$ROOT" "$ROOT/usr/bin/aplay" --version 2>&1) ||
		{ echo "aplay --version: $out"; return 1; }
	echo "  $out"
	out=$(qemu-arm-static "$ROOT/bin/busybox" sh -n "$ROOT/selftest/alsa-utils-xrun.sh" 2>&1) ||
		{ echo "busybox sh -n alsa-utils-xrun.sh: $out"; return 1; }
	echo "  $(qemu-arm-static "$ROOT/bin/busybox" 2>&1 | head -1)"
	echo "qemu-arm-static: aplay and busybox run; the client scenario parses"
}

prereqs || exit 1
export STAGE_LOG=$OUT/build.log
stage "kselftest: cross-build pcm-xrun-test" build || exit 1
stage "kselftest: stage the initramfs overlay" stage_tree || exit 1
stage "kselftest: run under qemu-arm-static (must SKIP)" user_mode_check || exit 1
stage "alsa-utils, busybox: run under qemu-arm-static" user_mode_tools || exit 1
