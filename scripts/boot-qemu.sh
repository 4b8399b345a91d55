#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot an i.MX6 kernel in QEMU sabrelite with a tiny initramfs whose static
# init (tests/initramfs/init.c) reports the kernel release and the imx-sdma
# binding and powers off. Then judge the serial log.
#
# Usage: scripts/boot-qemu.sh SRC OUT [OVERLAY]
#   SRC        the kernel tree that was built (for the expected release)
#   OUT        its build directory (zImage, dtb); the log goes to OUT/boot.log
#   OVERLAY    optional: a tree copied over the initramfs root, holding an
#              executable selftest/run that init runs (as staged by
#              kselftest-initramfs.sh: the ALSA kselftest with its loader,
#              libraries and alsa-lib configuration)
#
# QEMU_SYSTEM_ARM: the qemu-system-arm to run. boot_series (scripts/lib.sh)
# sets it to the one qemu/build.sh builds, with the SDMA, SSI, AUDMUX and
# sgtl5000 models: the machine then has the sgtl5000 card, whose playback
# QEMU writes to OUT/boot.wav, and the verdict judges the audio path too.
# Unset, Debian's qemu-system-arm runs (no audio on sabrelite; the verdict
# says the audio path was not judged).
#
# Verdict: PASS only if the kernel reports the release of SRC's HEAD, the
# imx-sdma driver is bound, the log has no WARNING/BUG/lockdep/KASAN/Oops
# report, and the machine powered off by itself; with OVERLAY, also the
# selftest's result, and with QEMU_SYSTEM_ARM the sgtl5000 run and the
# data QEMU recorded (see boot-verdict.sh).

. "$(dirname "$0")/lib.sh"

SRC=${1:?usage: boot-qemu.sh SRC OUT [OVERLAY]}
OUT=${2:?usage: boot-qemu.sh SRC OUT [OVERLAY]}
OVERLAY=${3:-}
# The snd-dummy runs take about 70 s, the sgtl5000 ones about as long
# again (TCG, KASAN and lockdep); a loaded host stretches both.
BOOT_TIMEOUT=${BOOT_TIMEOUT:-600}

IRD=$OUT/initramfs
LOG=$OUT/boot.log

mkinitramfs() {
	rm -rf "$IRD" && mkdir -p "$IRD/root"
	${CROSS}gcc -static -Os -Wall -Wextra -Werror -o "$IRD/root/init" \
		"$TOP/tests/initramfs/init.c" || return 1
	rm -f "$OUT/boot.selftest"
	if [ -n "$OVERLAY" ]; then
		if [ ! -x "$OVERLAY/selftest/run" ] || [ -e "$OVERLAY/init" ]; then
			echo "$OVERLAY: selftest/run is not an executable (or it has an /init)"
			return 1
		fi
		cp -a "$OVERLAY/." "$IRD/root/" || return 1
		# Tells boot-verdict.sh that the selftest result is part of the verdict.
		echo "$OVERLAY" >"$OUT/boot.selftest"
	fi
	(cd "$IRD/root" && find . | cpio -o -H newc --quiet --owner=0:0) |
		gzip -9 >"$IRD/initramfs.cpio.gz" || return 1
	echo "initramfs: $(du -h "$IRD/initramfs.cpio.gz" | cut -f1)"
}

boot() {
	local zimage=$OUT/arch/arm/boot/zImage
	local dtb=$OUT/arch/arm/boot/dts/nxp/imx/imx6q-sabrelite.dtb
	[ -f "$zimage" ] && [ -f "$dtb" ] || { echo "no zImage/dtb in $OUT"; return 1; }
	# sabrelite's console is UART2 (ttymxc1): the first QEMU serial is
	# UART1, discarded. QEMU sabrelite has no power-off device, so init
	# restarts (init_exit=restart) and -no-reboot turns the reset into an
	# exit of QEMU with status 0.
	# QEMU_SYSTEM_ARM: the qemu-system-arm of qemu/build.sh (the i.MX6
	# SDMA, SSI, AUDMUX and sgtl5000 models); its SSI1 plays into
	# OUT/boot.wav at 48 kHz, the rate of the boot's streams (other rates
	# would be resampled). Debian's qemu-system-arm has no audio on
	# sabrelite and no audiodev machine property.
	local qemu=${QEMU_SYSTEM_ARM:-qemu-system-arm} machine=sabrelite audio=()
	rm -f "$OUT/boot.wav" "$OUT/boot.audio"
	if [ -n "${QEMU_SYSTEM_ARM:-}" ]; then
		machine=sabrelite,audiodev=snd0
		audio=(-audiodev "wav,id=snd0,path=$OUT/boot.wav,out.frequency=48000")
		# Tells boot-verdict.sh to judge the sgtl5000 run and the wav.
		echo "$OUT/boot.wav" >"$OUT/boot.audio"
	fi
	echo "qemu: $qemu -M $machine"
	timeout --foreground -k 10 "$BOOT_TIMEOUT" "$qemu" -M "$machine" -m 1G "${audio[@]}" \
		-display none -monitor none -serial null -serial "file:$LOG" \
		-no-reboot -kernel "$zimage" -dtb "$dtb" \
		-initrd "$IRD/initramfs.cpio.gz" \
		-append "console=ttymxc1 rdinit=/init init_exit=restart panic=-1 loglevel=7 kunit.enable=0"
	local rc=$?
	echo "qemu exit status $rc"
	[ $rc -eq 124 ] && echo "qemu did not exit within ${BOOT_TIMEOUT}s"
	echo $rc >"$OUT/boot.qemu-rc"
	return 0
}

stage "boot: initramfs" mkinitramfs || exit 1
stage "boot: qemu sabrelite" boot || exit 1
exec "$TOP/scripts/boot-verdict.sh" "$SRC" "$OUT"
