#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the kernel for the QEMU sabrelite boot: zImage and the sabrelite
# device tree, in the configuration of the series' KUnit runs
# (Kbuild/kunit-debug.config plus the tree's .kunitconfig files, through
# kunit.py, as scripts/kunit.sh does). That configuration has i.MX6
# (ARCH_MXC, SOC_IMX6Q, IMX_SDMA), the debug options (lockdep, KASAN,
# atomic-sleep and list checks) and the options the boot needs. Sharing it
# with check 6 means one kernel build per `make check`: check 8 builds in
# check 6's directory, where only what check 7 changed is recompiled.
#
# It is not imx_v6_v7_defconfig: the series' objects are built in that
# configuration at every patch by check 3, and a board kernel should use
# it (Documentation/board-imx6.md).
#
# Usage: scripts/build-imx6.sh SRC OUT

. "$(dirname "$0")/lib.sh"

SRC=${1:?usage: build-imx6.sh SRC OUT}
OUT=${2:?usage: build-imx6.sh SRC OUT}
DTB=nxp/imx/imx6q-sabrelite.dtb
mkdir -p "$OUT"
export STAGE_LOG=$OUT/kunit.log

build() {
	# kunit.py fails if an option of a fragment did not survive olddefconfig.
	KUNIT_MODE=build "$TOP/scripts/kunit.sh" "$SRC" "$OUT" "--kunitconfig=$BOOT_KCONFIG" ||
		{ tail -20 "$OUT/kunit.log"; return 1; }
	# kunit.py builds "all", which has the dtbs (no second make here: a
	# different make command line would rebuild the host tools).
	[ -f "$OUT/arch/arm/boot/dts/$DTB" ] || { echo "no $DTB in $OUT"; return 1; }
	local opt bad=0
	for opt in CONFIG_SERIAL_IMX_CONSOLE=y CONFIG_IMX_SDMA=y CONFIG_SND_DUMMY=y \
		CONFIG_BLK_DEV_INITRD=y CONFIG_PROVE_LOCKING=y CONFIG_KASAN=y; do
		grep -qxF "$opt" "$OUT/.config" || { echo "boot kernel lacks $opt"; bad=1; }
	done
	# Every option of the boot fragment (the sound path, the irqsoff
	# tracer), as written there.
	while read -r opt; do
		grep -qxF "$opt" "$OUT/.config" || { echo "boot kernel lacks $opt ($(basename "$BOOT_KCONFIG"))"; bad=1; }
	done < <(grep -E '^CONFIG_[A-Z0-9_]+=' "$BOOT_KCONFIG")
	[ $bad -eq 0 ] || return 1
	echo "boot kernel has the $(grep -cE '^CONFIG_[A-Z0-9_]+=' "$BOOT_KCONFIG") options of $(basename "$BOOT_KCONFIG")"
	echo "kernel: $(cat "$OUT/include/config/kernel.release"), $(du -h "$OUT/arch/arm/boot/zImage" | cut -f1) zImage"
}

stage "imx6: configure and build zImage + dtb (KUnit configuration)" build || exit 1
