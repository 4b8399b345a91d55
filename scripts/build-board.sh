#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the i.MX6 board kernel: arch/arm/configs/imx_v6_v7_defconfig plus
# Kbuild/imx6-board.config (the fragment of Documentation/board-imx6.md),
# zImage and the device trees of the boards. Every option of the fragment
# must survive olddefconfig. Used by `make lava` (scripts/lava.sh).
#
# A cold build is the whole defconfig: about 3100 objects, close to an hour
# on 2 cores (ccache makes the next builds short).
#
# Usage: scripts/build-board.sh SRC OUT DTB...
#   SRC   a kernel tree with the series applied
#   OUT   build directory (log in OUT/build.log)
#   DTB   device trees to build, e.g. nxp/imx/imx6q-sabrelite.dtb

. "$(dirname "$0")/lib.sh"

SRC=${1:?usage: build-board.sh SRC OUT DTB...}
OUT=${2:?usage: build-board.sh SRC OUT DTB...}
shift 2
DTBS=("$@")
FRAG=$TOP/Kbuild/imx6-board.config
mkdir -p "$OUT"
log=$OUT/build.log
export STAGE_LOG=$log

configure() {
	arm_configure "$SRC" "$OUT" "$FRAG" || { tail -20 "$OUT/prepare.log"; return 1; }
	local line bad=0
	while read -r line; do
		case "$line" in
		''|'#'*) continue ;;
		esac
		grep -qxF "$line" "$OUT/.config" || { echo "fragment option not set: $line"; bad=1; }
	done <"$FRAG"
	[ $bad -eq 0 ] && echo "all $(grep -c '^CONFIG_' "$FRAG") options of $(basename "$FRAG") set"
	return $bad
}

build() {
	quiet_log "$log" kmake "$SRC" "$OUT" zImage "${DTBS[@]}" || return 1
	echo "kernel: $(cat "$OUT/include/config/kernel.release"), zImage $(du -h "$OUT/arch/arm/boot/zImage" | cut -f1)"
	local d
	for d in "${DTBS[@]}"; do
		[ -f "$OUT/arch/arm/boot/dts/$d" ] || { echo "no $d"; return 1; }
	done
}

stage "board kernel: imx_v6_v7_defconfig + $(basename "$FRAG")" configure || exit 1
stage "board kernel: zImage + ${#DTBS[@]} device trees" build || exit 1
