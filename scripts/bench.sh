#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# XRUN recovery benchmark (README: `make bench`): the same KUnit suite,
# imx-sdma-bench from tests/bench/0001-*.patch, on two kernels in one run:
#
#   base    the base tree plus the dmaengine API and the imx-sdma model
#           without the fixes (the "imx-sdma" set of patches/regression-tests)
#   series  the base tree plus the whole series (patches/series)
#
# Both are built for ARM with Kbuild/bench.config (no debug options,
# high-resolution timers) and run in QEMU (virt, 2 CPUs, TCG). The whole
# suite runs once per tree; then the fast-path case alone runs
# BENCH_FAST_BOOTS (4) more times per tree, base and series taking turns, for
# the run-to-run spread. scripts/bench-report.py prints the table and
# writes JSON, CSV and a PNG to BENCH_OUT (default $BUILD/bench-results);
# BENCH_SAVE=1 also copies them to bench/ in this repository.
#
# Environment: KERNEL_SRC (user's tree instead of the Debian base),
# BENCH_OUT, BENCH_SAVE=1, BENCH_FAST_BOOTS (default 4).

. "$(dirname "$0")/lib.sh"

lock_cache
stage "prerequisites (apt)" harness_prereqs || exit 1
resolve_base
echo "Base: $BASE_DESC"

T0=$(now)
OUT=${BENCH_OUT:-$BUILD/bench-results}
FAST_BOOTS=${BENCH_FAST_BOOTS:-4}
BENCH_PATCHES=("$TOP"/tests/bench/0*.patch)
[ -f "${BENCH_PATCHES[0]}" ] || die "no benchmark patch in $TOP/tests/bench"
mkdir -p "$OUT"
rm -f "$OUT"/*.log "$OUT/loadavg.txt"

# The base set: the patches of the "imx-sdma" regression set (the imx-sdma
# fixes and model with the mainline terminate worker), plus the dmaengine
# API that the benchmark calls; imx-sdma answers -EOPNOTSUPP there, so the
# benchmark falls back to dmaengine_terminate_async(), as mainline does.
mapfile -t BASE_PATCHES < <(regression_patches imx-sdma)
[ ${#BASE_PATCHES[@]} -gt 0 ] || die "no 'set imx-sdma' in patches/regression-tests"
api=$(series_files | grep -- '-dmaengine-add-dmaengine_terminate_quiesce-an-atomic-' | head -1)
[ -n "$api" ] || die "no dmaengine_terminate_quiesce() patch in patches/series"
BASE_PATCHES+=("$api")
mapfile -t SERIES_PATCHES < <(series_files)

# One worktree for both trees, so that the sources have the same path and
# ccache hits across the two build directories; each build directory keeps
# its objects, so only what differs is rebuilt when the tree is switched.
declare -A DESC
bench_build() {
	local tree=$1; shift
	local out=$BUILD/bench-$tree
	prepare_tree bench "$@" "${BENCH_PATCHES[@]}" || return 1
	DESC[$tree]="$(git -C "$TREE" rev-parse --short=12 HEAD) ($(git -C "$TREE" rev-list --count "$BASE_REF..HEAD") patches on $(git -C "$SRC_REPO" rev-parse --short=12 "$BASE_REF"))"
	echo "$tree: ${DESC[$tree]}"
	mkdir -p "$out"
	( cd "$TREE" && python3 tools/testing/kunit/kunit.py build --arch=arm \
		--cross_compile="$CROSS" --build_dir="$out" --jobs="$JOBS" \
		--make_options "CC=ccache ${CROSS}gcc" \
		--kunitconfig="$TOP/Kbuild/bench.config" ) >"$out/build.log" 2>&1 ||
		{ tail -n 40 "$out/build.log"; return 1; }
	# kunit.py refuses a .config that lacks a requested option; check the
	# ones the figures depend on anyway.
	local o bad=0
	for o in CONFIG_IMX_SDMA_KUNIT_BENCH CONFIG_HIGH_RES_TIMERS CONFIG_SMP; do
		grep -qx "$o=y" "$out/.config" || { echo "$out/.config: no $o=y"; bad=1; }
	done
	for o in CONFIG_KASAN CONFIG_PROVE_LOCKING CONFIG_DEBUG_ATOMIC_SLEEP CONFIG_DEBUG_LIST; do
		grep -qx "$o=y" "$out/.config" && { echo "$out/.config: $o=y distorts timing"; bad=1; }
	done
	echo "$tree: $(grep -E '^CONFIG_(HZ|HIGH_RES_TIMERS|PREEMPT_VOLUNTARY|NO_HZ_IDLE)=' "$out/.config" | paste -sd' ')"
	return $bad
}

# bench_exec TREE LOGNAME [FILTER]: boot the built kernel of TREE in QEMU.
bench_exec() {
	local tree=$1 log=$2 filter=${3:-imx-sdma-bench}
	local out=$BUILD/bench-$tree
	echo "$log $(date +%T) load average $(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT/loadavg.txt"
	( cd "$(tree_dir bench)" && python3 tools/testing/kunit/kunit.py exec --arch=arm \
		--cross_compile="$CROSS" --build_dir="$out" --qemu_args='-smp 2' \
		--timeout=1800 "$filter" ) >"$OUT/$log.kunit.log" 2>&1
	local rc=$?
	cp "$out/test.log" "$OUT/$log.log"
	echo "$tree: kunit.py exec $filter: exit $rc, $(grep -c '^BENCH\| BENCH ' "$OUT/$log.log") BENCH lines, log $OUT/$log.log"
	grep -E '^\[..:..:..\] (Testing complete|Ran |\s*\[(PASSED|FAILED|SKIPPED|CRASHED)\])' "$OUT/$log.kunit.log" | sed 's/^/    /' | tail -n 12
	return $rc
}

rc=0
STAGE_LOG=$BUILD/bench-base/build.log stage "bench: build base (model, no fixes)" bench_build base "${BASE_PATCHES[@]}" || exit 1
STAGE_LOG=$BUILD/bench-series/build.log stage "bench: build series" bench_build series "${SERIES_PATCHES[@]}" || exit 1

stage "bench: run base, whole suite" bench_exec base base-full || rc=1
stage "bench: run series, whole suite" bench_exec series series-full || rc=1
fast=(base series)
for i in $(seq 1 "$FAST_BOOTS"); do
	for t in "${fast[@]}"; do
		stage "bench: run $t, fast path, boot $((i + 1))" \
			bench_exec "$t" "$t-fast$i" 'imx-sdma-bench.sdma_bench_fast_path' || rc=1
	done
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
	--base-desc "base+model: ${DESC[base]}" --series-desc "series: ${DESC[series]}" \
	--base-vmlinux "$BUILD/bench-base/vmlinux" --series-vmlinux "$BUILD/bench-series/vmlinux" \
	--objdump "${CROSS}objdump" --command "make bench" --wall "$wall" \
	--loadavg "$OUT/loadavg.txt" || rc=1

if [ -n "${BENCH_SAVE:-}" ]; then
	mkdir -p "$TOP/bench"
	cp "$OUT"/bench-results.json "$OUT"/bench-results.csv "$OUT"/bench-recovery.png "$TOP/bench/" &&
		echo "copied the results to $TOP/bench/"
fi
print_timings
exit $rc
