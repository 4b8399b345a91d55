#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The boot of `make`, on an untouched 7.3 and on the series, side by side
# (README: `make bench-boot`). Both kernels boot on the QEMU of qemu/ (the
# SDMA, SSI1, AUDMUX and sgtl5000 models) with the same initramfs: the
# series' ALSA kselftest, the alsa-utils client and the launcher of
# tests/initramfs/selftest-run.c, which run on snd-dummy (the control) and
# then on the sgtl5000 card through fsl_ssi, imx-pcm-dma, pcm_dmaengine
# and imx-sdma. The kselftest is user space: the base kernel runs the
# series' binary, built from the series tree.
#
#   series  the whole series (patches/series), built as `make` builds it
#           (scripts/build-imx6.sh: the KUnit configuration plus
#           Kbuild/boot-audio.config, in check 6's directory)
#   base    the base tree with no patch, configured from the series
#           kernel's .config (make olddefconfig drops only the symbols the
#           series adds; they are listed), built with the same compiler
#
# The two trees boot in turns, BENCH_BOOTS (default 2) times each, series
# first. Each boot is judged by scripts/boot-verdict.sh as in `make`; a
# failing verdict is a result here, not an error of the script.
# scripts/bench-boot-report.py reads the serial logs and prints, per tree:
# the verdicts, the forced XRUNs of the kselftest on the sgtl5000 card
# (attempted, recovered, -EIO, -EBADFD, timeouts, other), its recovery
# latency and the recovery call (which includes the driver's sync_stop),
# the alsa-utils client's totals, the data check, the SDMA interrupts, the
# irqsoff tracer's maximum and the kernel reports; then the series/base
# ratio of the median recovery call. TCG timing: the figures compare the
# two kernels on one host in one run, they are not board figures.
#
# Output: BENCH_OUT (default $BUILD/bench-boot), with boot-table.txt,
# each boot's serial log and verdict; BENCH_SAVE=1 copies the table, the
# verdicts and the logs' judged lines to bench/boot/ in this repository.

. "$(dirname "$0")/lib.sh"

lock_cache
stage "prerequisites (apt)" harness_prereqs || exit 1
resolve_base
echo "Base: $BASE_DESC"

BOOTS=${BENCH_BOOTS:-2}
[[ $BOOTS =~ ^[1-9][0-9]*$ ]] || die 2 "BENCH_BOOTS=$BOOTS: a positive number"
OUT=${BENCH_OUT:-$BUILD/bench-boot}
mkdir -p "$OUT"
rm -f "$OUT"/boot-*.log "$OUT"/verdict-*.txt "$OUT/boot-table.txt"
mapfile -t PATCHES < <(series_files)
[ ${#PATCHES[@]} -gt 0 ] || die "no patches in patches/series"

SERIES_OUT=$BUILD/kunit
BASE_OUT=$BUILD/boot-base

apply_series() {
	prepare_tree kunit "${PATCHES[@]}" || return 1
	SERIES_TREE=$TREE
	echo "series: $SERIES_TREE, HEAD $(git -C "$TREE" log -1 --format='%h %s')"
}
stage "series: apply (git am)" apply_series || exit 1
"$TOP/scripts/build-imx6.sh" "$SERIES_TREE" "$SERIES_OUT" || exit 1

apply_base() {
	prepare_tree boot-base -- || return 1
	BASE_TREE=$TREE
	echo "base: $BASE_TREE, HEAD $(git -C "$TREE" log -1 --format='%h %s') (no patch)"
}
stage "base: worktree (no patch)" apply_base || exit 1

# The base kernel in the series kernel's configuration: its .config, then
# olddefconfig in the base tree. What differs is listed; it must be only
# symbols that the series adds (they do not exist in the base's Kconfig).
build_base() {
	local mk=(make -C "$BASE_TREE" O="$BASE_OUT" ARCH=arm CROSS_COMPILE="$CROSS"
		  "CC=ccache ${CROSS}gcc" -j"$JOBS")
	mkdir -p "$BASE_OUT"
	cp "$SERIES_OUT/.config" "$BASE_OUT/.config" || return 1
	"${mk[@]}" olddefconfig >"$BASE_OUT/build.log" 2>&1 || { tail -20 "$BASE_OUT/build.log"; return 1; }
	local gone bad=0 sym
	gone=$(comm -23 <(grep -E '^CONFIG_' "$SERIES_OUT/.config" | sort) \
			<(grep -E '^CONFIG_' "$BASE_OUT/.config" | sort))
	echo "options of the series kernel that the base kernel lacks:"
	echo "${gone:-  (none)}" | sed 's/^CONFIG/  CONFIG/'
	for sym in $(echo "$gone" | sed -n 's/^\(CONFIG_[A-Z0-9_]*\)=.*/\1/p'); do
		if grep -rqsE "^(menu)?config ${sym#CONFIG_}\$" --include='Kconfig*' "$BASE_TREE"; then
			echo "  $sym exists in the base's Kconfig: the configurations differ in more than the series' symbols"
			bad=1
		fi
	done
	[ $bad -eq 0 ] || return 1
	"${mk[@]}" zImage dtbs >>"$BASE_OUT/build.log" 2>&1 || { tail -20 "$BASE_OUT/build.log"; return 1; }
	echo "base kernel: $(cat "$BASE_OUT/include/config/kernel.release"), $(du -h "$BASE_OUT/arch/arm/boot/zImage" | cut -f1) zImage"
}
STAGE_LOG=$BASE_OUT/build.log stage "base: build zImage + dtb (the series kernel's configuration)" build_base || exit 1

STAGE_LOG=$CACHE/qemu/build.log stage "qemu: qemu-system-arm with qemu/patches (qemu/build.sh)" build_qemu || exit 1
stage "kselftest: cross-build and stage (series tree)" \
	"$TOP/scripts/kselftest-initramfs.sh" "$SERIES_TREE" "$SERIES_OUT/kselftest" || exit 1

# boot_one NAME TREE KOUT N: boot, judge, keep the log and the verdict.
boot_one() {
	local name=$1 tree=$2 kout=$3 n=$4
	"$TOP/scripts/boot-qemu.sh" "$tree" "$kout" "$SERIES_OUT/kselftest/rootfs" \
		>"$OUT/verdict-$name-$n.txt" 2>&1
	echo "$name boot $n: exit $?, $(grep -a -m1 '^BOOT VERDICT' "$OUT/verdict-$name-$n.txt" || echo 'no verdict line')"
	cp "$kout/boot.log" "$OUT/boot-$name-$n.log"
	return 0
}
for n in $(seq 1 "$BOOTS"); do
	stage "boot $n of $BOOTS: series" boot_one series "$SERIES_TREE" "$SERIES_OUT" "$n"
	stage "boot $n of $BOOTS: base" boot_one base "$BASE_TREE" "$BASE_OUT" "$n"
done

python3 "$TOP/scripts/bench-boot-report.py" "$OUT" "$BASE_DESC" | tee "$OUT/boot-table.txt"
rc=${PIPESTATUS[0]}
if [ "${BENCH_SAVE:-}" = 1 ]; then
	mkdir -p "$TOP/bench/boot"
	cp "$OUT/boot-table.txt" "$OUT"/verdict-*.txt "$TOP/bench/boot/"
	for f in "$OUT"/boot-*-*.log; do
		grep -aE '^(RUN: |INIT: |# xrun-stats |# Totals: |ok |not ok |BOOT VERDICT|\[ *[0-9.]+\] (Linux version|.*(WARNING|BUG|KASAN|lockdep)))' \
			"$f" >"$TOP/bench/boot/$(basename "$f" .log).lines"
	done
	echo "saved: $TOP/bench/boot/"
fi
print_timings
exit "$rc"
