#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the i.MX6 kernel for the QEMU sabrelite boot: imx_v6_v7_defconfig
# plus Kbuild/imx6-boot.config, zImage and the sabrelite device tree.
#
# Usage: scripts/build-imx6.sh SRC OUT

. "$(dirname "$0")/lib.sh"

SRC=${1:?usage: build-imx6.sh SRC OUT}
OUT=${2:?usage: build-imx6.sh SRC OUT}
FRAG=$TOP/Kbuild/imx6-boot.config
DTB=nxp/imx/imx6q-sabrelite.dtb
mkdir -p "$OUT"
log=$OUT/build.log
export STAGE_LOG=$log

configure() {
	kmake "$SRC" "$OUT" imx_v6_v7_defconfig >"$log" 2>&1 &&
	"$SRC/scripts/kconfig/merge_config.sh" -m -O "$OUT" "$OUT/.config" "$FRAG" >>"$log" 2>&1 &&
	kmake "$SRC" "$OUT" olddefconfig >>"$log" 2>&1 || { tail -20 "$log"; return 1; }
	# Every option of the fragment must have survived olddefconfig.
	local line bad=0
	while read -r line; do
		case "$line" in
		'# CONFIG_'*' is not set')
			# ... and every option it turns off stays off.
			line=${line#\# }; line=${line% is not set}
			! grep -q "^$line=" "$OUT/.config" || { echo "fragment option still set: $line"; bad=1; }
			continue ;;
		''|'#'*) continue ;;
		esac
		grep -qxF "$line" "$OUT/.config" || { echo "fragment option not set: $line"; bad=1; }
	done <"$FRAG"
	return $bad
}

build() {
	quiet_log "$log" kmake "$SRC" "$OUT" zImage "$DTB" || return 1
	echo "kernel: $(cat "$OUT/include/config/kernel.release")"
}

stage "imx6: configure" configure || exit 1
stage "imx6: build zImage + dtb" build || exit 1
