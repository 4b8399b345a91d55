#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# XRUN recovery benchmark (README: `make bench`): the same KUnit suite,
# imx-sdma-bench from tests/bench/0001-*.patch, on two kernels in one run:
#
#   base    the whole series (patches/series) plus
#           tests/regression/without-confirm.patch, which takes patch 0007
#           ("dmaengine: imx-sdma: confirm the stop through channel 0
#           instead of sleeping") back out: the v2 fixes with the terminate
#           worker's 1-2 ms sleep, dmaengine_synchronize() flushing the worker
#   series  the whole series
#
# both plus the benchmark patch, so that the only difference between the
# two trees is patch 0007 (the report prints the files in which they
# differ). Which tree a kernel is, is passed on its command line
# (imx_sdma.bench_tree=base|series, kunit.py exec --kernel_args), never
# probed; the suite fails without it, and each log must name the tree it
# was booted as.
#
# Both are built for ARM with Kbuild/bench.config (no debug options,
# high-resolution timers) and run in QEMU (virt, 2 CPUs, TCG). The whole
# suite runs once per tree; then the fast-path, recovery-latency and floor
# cases (sdma_bench_[fx]*) run BENCH_FAST_BOOTS (4) more times per tree,
# base and series taking turns, for the run-to-run spread of the interrupt
# handler's cost and of the recovery / floor ratio. Last, each tree is
# built a second time with Kbuild/bench-irqsoff.config (the irqsoff tracer)
# and booted with ftrace=irqsoff for every case but the sustained one: the
# tracer's maximum per case (the tracer's hooks would distort every other
# figure, so these kernels give only that). scripts/bench-report.py prints the table and
# writes it (bench-table.txt) with JSON, CSV and a PNG to BENCH_OUT
# (default $BUILD/bench-results); BENCH_SAVE=1 also copies them to bench/
# in this repository.
#
# scripts/bench.sh --build-check (check 14 of make check): only prepare
# both trees and build drivers/dma/ in each, configured as make bench
# configures them (kunit.py config with Kbuild/bench.config), and check
# that the benchmark suite is in imx-sdma.o; no kernel is linked or run.
#
# Environment: KERNEL_SRC (user's tree instead of the Debian base),
# BENCH_OUT, BENCH_SAVE=1, BENCH_FAST_BOOTS (default 4).

. "$(dirname "$0")/lib.sh"

BUILD_CHECK=
case "${1:-}" in
--build-check) BUILD_CHECK=1 ;;
"") ;;
*) die 2 "usage: $0 [--build-check]" ;;
esac

# Run from make check (which holds the lock and installed everything):
# share its lock, skip the prerequisites.
from_harness=
[ "${SDMA_CACHE_LOCKED:-}" = "$CACHE" ] && from_harness=1
lock_cache
[ -n "$from_harness" ] || stage "prerequisites (apt)" harness_prereqs || exit 1
resolve_base
echo "Base: $BASE_DESC"

T0=$(now)
OUT=${BENCH_OUT:-$BUILD/bench-results}
FAST_BOOTS=${BENCH_FAST_BOOTS:-4}
BENCH_PATCHES=("$TOP"/tests/bench/0*.patch)
[ -f "${BENCH_PATCHES[0]}" ] || die "no benchmark patch in $TOP/tests/bench"

# The base: the whole series with 0007 taken back out by the harness patch
# of check 7's set imx-sdma-confirm (a version for an LTS base, if any, in
# tests/regression/<BASE>/).
CONFIRM_OFF=$TOP/tests/regression/without-confirm.patch
if [ "$BASE" != "$DEFAULT_BASE" ] && [ -f "$TOP/tests/regression/$BASE/without-confirm.patch" ]; then
	CONFIRM_OFF=$TOP/tests/regression/$BASE/without-confirm.patch
fi
[ -f "$CONFIRM_OFF" ] || die "no $CONFIRM_OFF: the base of make bench is the series without 0007"
mapfile -t SERIES_PATCHES < <(series_files)
[ ${#SERIES_PATCHES[@]} -gt 0 ] || die "no patches in patches/series"
BASE_PATCHES=("${SERIES_PATCHES[@]}" "$CONFIRM_OFF")

# The options the figures depend on, in a configured build directory;
# "irqsoff": the tracer's kernel, which must have the tracer.
bench_config_ok() {
	local out=$1 irqsoff=${2:-} o bad=0 want=(CONFIG_IMX_SDMA_KUNIT_BENCH CONFIG_DMA_KUNIT_FAKE CONFIG_HIGH_RES_TIMERS CONFIG_SMP)
	local distort=(CONFIG_KASAN CONFIG_PROVE_LOCKING CONFIG_DEBUG_ATOMIC_SLEEP CONFIG_DEBUG_LIST)
	if [ -n "$irqsoff" ]; then
		want+=(CONFIG_IRQSOFF_TRACER)
	else
		distort+=(CONFIG_IRQSOFF_TRACER CONFIG_TRACE_IRQFLAGS)
	fi
	for o in "${want[@]}"; do
		grep -qx "$o=y" "$out/.config" || { echo "$out/.config: no $o=y"; bad=1; }
	done
	for o in "${distort[@]}"; do
		grep -qx "$o=y" "$out/.config" && { echo "$out/.config: $o=y distorts timing"; bad=1; }
	done
	return $bad
}

# One worktree for both trees, so that the sources have the same path and
# ccache hits across the two build directories; each build directory keeps
# its objects, so only what differs is rebuilt when the tree is switched.
declare -A DESC TREE_HEAD
bench_prepare() {
	local tree=$1; shift
	prepare_tree bench "$@" "${BENCH_PATCHES[@]}" || return 1
	TREE_HEAD[$tree]=$(git -C "$TREE" rev-parse HEAD)
	DESC[$tree]="$(git -C "$TREE" rev-parse --short=12 HEAD) ($(git -C "$TREE" rev-list --count "$BASE_REF..HEAD") patches on $(git -C "$SRC_REPO" rev-parse --short=12 "$BASE_REF"))"
	echo "$tree: ${DESC[$tree]}"
}

# bench_build TREE PATCH...: the kernel of TREE in $BUILD/bench-TREE; with
# IRQSOFF=1, the irqsoff tracer's kernel in $BUILD/bench-TREE-irqsoff.
bench_build() {
	local tree=$1; shift
	local out=$BUILD/bench-$tree kc=(--kunitconfig="$TOP/Kbuild/bench.config")
	if [ -n "${IRQSOFF:-}" ]; then
		out=$BUILD/bench-$tree-irqsoff
		kc+=(--kunitconfig="$TOP/Kbuild/bench-irqsoff.config")
	fi
	bench_prepare "$tree" "$@" || return 1
	mkdir -p "$out"
	( cd "$TREE" && python3 tools/testing/kunit/kunit.py build --arch=arm \
		--cross_compile="$CROSS" --build_dir="$out" --jobs="$JOBS" \
		--make_options "CC=ccache ${CROSS}gcc" "${kc[@]}" ) >"$out/build.log" 2>&1 ||
		{ tail -n 40 "$out/build.log"; return 1; }
	# kunit.py refuses a .config that lacks a requested option; check the
	# ones the figures depend on anyway.
	bench_config_ok "$out" ${IRQSOFF:+irqsoff} || return 1
	echo "$tree: $(grep -E '^CONFIG_(HZ|HIGH_RES_TIMERS|PREEMPT_VOLUNTARY|NO_HZ_IDLE)=' "$out/.config" | paste -sd' ')"
}

# Check 14: the tree applies, configures as for make bench, and
# drivers/dma/ (the driver with the model and the benchmark, the fake
# controller) builds, with the same make command line as kunit.py's, so
# that a later make bench reuses the objects.
CHECK_LOG=$BUILD/bench-check.log
bench_build_check() {
	local tree=$1; shift
	local out=$BUILD/bench-$tree
	# (prepare_tree exits on a patch that does not apply, naming it)
	bench_prepare "$tree" "$@" || return 1
	mkdir -p "$out"
	echo "==== $tree: kunit.py config" >>"$CHECK_LOG"
	if ! ( cd "$TREE" && python3 tools/testing/kunit/kunit.py config --arch=arm \
		--cross_compile="$CROSS" --build_dir="$out" \
		--make_options "CC=ccache ${CROSS}gcc" \
		--kunitconfig="$TOP/Kbuild/bench.config" ) >>"$CHECK_LOG" 2>&1; then
		echo "$tree: kunit.py config with Kbuild/bench.config failed:"
		tail -n 20 "$CHECK_LOG"
		return 1
	fi
	bench_config_ok "$out" || return 1
	echo "==== $tree: make drivers/dma/" >>"$CHECK_LOG"
	local t0 n start
	t0=$(now) start=$(wc -l <"$CHECK_LOG")
	if ! ( cd "$TREE" && make ARCH=arm O="$out" --jobs="$JOBS" \
		CC="ccache ${CROSS}gcc" CROSS_COMPILE="$CROSS" drivers/dma/ ) >>"$CHECK_LOG" 2>&1; then
		echo "$tree: make drivers/dma/ failed:"
		tail -n +$((start + 1)) "$CHECK_LOG" | grep -E '(error|warning):|\*\*\*' | tail -n 20
		return 1
	fi
	# (not nm | grep -q: with pipefail, grep closing the pipe early fails it)
	local syms
	syms=$("${CROSS}nm" "$out/drivers/dma/imx-sdma.o" 2>/dev/null)
	grep -qw sdma_bench_suite <<<"$syms" ||
		{ echo "$tree: drivers/dma/imx-sdma.o has no imx-sdma-bench suite"; return 1; }
	n=$(find "$out/drivers/dma" -name '*.o' | wc -l)
	echo "$tree: drivers/dma/ builds ($n objects, make took $(fmt_secs "$(echo "$(now) - $t0" | bc)")); the imx-sdma-bench suite is in imx-sdma.o"
}

# The files in which the two trees differ (only patch 0007's).
trees_diff() {
	git -C "$SRC_REPO" diff --shortstat "${TREE_HEAD[base]}" "${TREE_HEAD[series]}" -- | sed 's/^ *//' |
		tr -d '\n'
	echo " ($(git -C "$SRC_REPO" diff --name-only "${TREE_HEAD[base]}" "${TREE_HEAD[series]}" -- | paste -sd' '))"
}

# The trees must differ only in patch 0007: drivers/dma/imx-sdma.c, and in
# the test file only by the one case that calls 0007's confirmation by
# hand (without-confirm.patch removes it with the rest of 0007).
STALL_CASE=sdma_test_prep_fails_fast_on_stalled_confirm
trees_differ_as_0007() {
	local files t=drivers/dma/tests/imx-sdma_kunit.c d
	files=$(git -C "$SRC_REPO" diff --name-only "${TREE_HEAD[base]}" "${TREE_HEAD[series]}" -- | paste -sd' ')
	case "$files" in
	drivers/dma/imx-sdma.c) return 0 ;;
	"drivers/dma/imx-sdma.c $t") ;;
	*) echo "base and series must differ only in drivers/dma/imx-sdma.c (patch 0007), and in $t by $STALL_CASE; they differ in: $files"
	   return 1 ;;
	esac
	d=$(git -C "$SRC_REPO" diff "${TREE_HEAD[base]}" "${TREE_HEAD[series]}" -- "$t")
	if echo "$d" | grep -q '^-[^-]' || [ "$(echo "$d" | grep -c "^+.*\b$STALL_CASE\b")" != 2 ]; then
		echo "base and series differ in $t by more than $STALL_CASE"
		return 1
	fi
}

if [ -n "$BUILD_CHECK" ]; then
	: >"$CHECK_LOG"
	rc=0
	bench_build_check base "${BASE_PATCHES[@]}" || rc=1
	bench_build_check series "${SERIES_PATCHES[@]}" || rc=1
	if [ $rc -eq 0 ]; then
		echo "the trees differ in: $(trees_diff)"
		trees_differ_as_0007 || rc=1
	fi
	echo "log: $CHECK_LOG"
	exit $rc
fi

mkdir -p "$OUT"
rm -f "$OUT"/*.log "$OUT/loadavg.txt"

# bench_exec TREE LOGNAME [FILTER] [irqsoff]: boot the built kernel of TREE
# in QEMU, told on its command line which tree it is; "irqsoff": the
# tracer's kernel, with the tracer started at boot.
bench_exec() {
	local tree=$1 log=$2 filter=${3:-imx-sdma-bench} irqsoff=${4:-}
	local out=$BUILD/bench-$tree args=(--kernel_args "imx_sdma.bench_tree=$tree")
	if [ -n "$irqsoff" ]; then
		out=$BUILD/bench-$tree-irqsoff
		args+=(--kernel_args ftrace=irqsoff)
	fi
	echo "$log $(date +%T) load average $(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT/loadavg.txt"
	( cd "$(tree_dir bench)" && python3 tools/testing/kunit/kunit.py exec --arch=arm \
		--cross_compile="$CROSS" --build_dir="$out" --qemu_args='-smp 2' \
		"${args[@]}" --timeout=1800 "$filter" ) >"$OUT/$log.kunit.log" 2>&1
	local rc=$?
	cp "$out/test.log" "$OUT/$log.log"
	echo "$tree: kunit.py exec $filter: exit $rc, $(grep -c '^BENCH\| BENCH ' "$OUT/$log.log") BENCH lines, log $OUT/$log.log"
	grep -E '^\[..:..:..\] (Testing complete|Ran |\s*\[(PASSED|FAILED|SKIPPED|CRASHED)\])' "$OUT/$log.kunit.log" | sed 's/^/    /' | tail -n 12
	if ! grep -q "BENCH meta tree=$tree " "$OUT/$log.log"; then
		echo "$tree: $OUT/$log.log has no 'BENCH meta tree=$tree' line:"
		grep -E 'BENCH (error|meta)' "$OUT/$log.log" | head -3 | sed 's/^/    /'
		rc=1
	fi
	return $rc
}

rc=0
STAGE_LOG=$BUILD/bench-base/build.log stage "bench: build base (series without 0007)" bench_build base "${BASE_PATCHES[@]}" || exit 1
STAGE_LOG=$BUILD/bench-series/build.log stage "bench: build series" bench_build series "${SERIES_PATCHES[@]}" || exit 1
IRQSOFF=1 STAGE_LOG=$BUILD/bench-series-irqsoff/build.log stage "bench: build series with the irqsoff tracer" \
	bench_build series "${SERIES_PATCHES[@]}" || exit 1
IRQSOFF=1 STAGE_LOG=$BUILD/bench-base-irqsoff/build.log stage "bench: build base with the irqsoff tracer" \
	bench_build base "${BASE_PATCHES[@]}" || exit 1
DIFF=$(trees_diff)
echo "the trees differ in: $DIFF"

stage "bench: run base, whole suite" bench_exec base base-full || rc=1
stage "bench: run series, whole suite" bench_exec series series-full || rc=1
fast=(base series)
for i in $(seq 1 "$FAST_BOOTS"); do
	for t in "${fast[@]}"; do
		stage "bench: run $t, fast path, latency, floor, boot $((i + 1))" \
			bench_exec "$t" "$t-fast$i" 'imx-sdma-bench.sdma_bench_[fx]*' || rc=1
	done
done

# Every case but the sustained one (100000 cycles under the tracer).
for t in base series; do
	stage "bench: run $t with the irqsoff tracer" \
		bench_exec "$t" "$t-irqsoff" 'imx-sdma-bench.sdma_bench_[!s]*' irqsoff || rc=1
done

base_logs=("$OUT/base-full.log") series_logs=("$OUT/series-full.log")
for i in $(seq 1 "$FAST_BOOTS"); do
	base_logs+=("$OUT/base-fast$i.log"); series_logs+=("$OUT/series-fast$i.log")
done
wall=$(echo "$(now) - $T0" | bc)
echo
# /usr/bin first: the python3 that has Debian's python3-matplotlib.
PATH=/usr/bin:$PATH python3 "$TOP/scripts/bench-report.py" --out "$OUT" \
	--base "${base_logs[@]}" --series "${series_logs[@]}" \
	--base-irqsoff "$OUT/base-irqsoff.log" --series-irqsoff "$OUT/series-irqsoff.log" \
	--base-desc "series without 0007 (+ $(basename "$CONFIRM_OFF")): ${DESC[base]}" \
	--series-desc "series: ${DESC[series]}" --trees-diff "$DIFF" \
	--base-vmlinux "$BUILD/bench-base/vmlinux" --series-vmlinux "$BUILD/bench-series/vmlinux" \
	--objdump "${CROSS}objdump" --command "make bench" --wall "$wall" \
	--loadavg "$OUT/loadavg.txt" || rc=1

if [ -n "${BENCH_SAVE:-}" ]; then
	mkdir -p "$TOP/bench"
	cp "$OUT"/bench-table.txt "$OUT"/bench-results.json "$OUT"/bench-results.csv \
		"$OUT"/bench-recovery.png "$TOP/bench/" &&
		echo "copied the results to $TOP/bench/"
fi
print_timings
exit $rc
