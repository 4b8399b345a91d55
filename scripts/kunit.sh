#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run the series' KUnit suites on ARM under QEMU with the debug options.
#
# Usage: scripts/kunit.sh SRC BUILD_DIR [kunit.py run options...]
#
# Passes Kbuild/kunit-debug.config plus every .kunitconfig and
# .kunitconfig-<suite> (a suite with needs of its own) that the tree
# has in the directories the series adds suites to. Writes the raw log to
# BUILD_DIR/kunit.log, the parsed JSON to BUILD_DIR/kunit.json; kunit.py
# keeps the raw kernel log in BUILD_DIR/test.log.

. "$(dirname "$0")/lib.sh"

SRC=${1:?usage: kunit.sh SRC BUILD_DIR}
OUT=${2:?usage: kunit.sh SRC BUILD_DIR}
shift 2

# Directories where the series puts suites with their own .kunitconfig.
KUNIT_DIRS=(drivers/dma/tests sound/core/tests)

args=(--kunitconfig="$TOP/Kbuild/kunit-debug.config")
for d in "${KUNIT_DIRS[@]}"; do
	for f in "$SRC/$d"/.kunitconfig "$SRC/$d"/.kunitconfig-*; do
		[ -f "$f" ] && args+=(--kunitconfig="${f#"$SRC"/}")
	done
done

mkdir -p "$OUT"
# Never let a stale result from an earlier run stand in for this one.
rm -f "$OUT/kunit.json" "$OUT/test.log"
cd "$SRC" || die "no $SRC"
# KUNIT_MODE=exec boots the kernel built by an earlier run again, without
# configuring or building (check 7's repeated runs). KUNIT_MODE=build
# configures and builds only (the QEMU sabrelite boot kernel,
# scripts/build-imx6.sh).
mode=${KUNIT_MODE:-run}
opts=(--jobs="$JOBS")
case $mode in
run)	opts+=(--qemu_args='-smp 2' --timeout=1800 --json="$OUT/kunit.json") ;;
build)	;;
exec)	opts=(--qemu_args='-smp 2' --timeout=1800 --json="$OUT/kunit.json") ;; # no --jobs
*)	die "KUNIT_MODE=$mode: run, build or exec" ;;
esac
python3 tools/testing/kunit/kunit.py "$mode" --arch=arm \
	--cross_compile="$CROSS" --build_dir="$OUT" \
	--make_options "CC=ccache ${CROSS}gcc" \
	"${opts[@]}" "${args[@]}" "$@" >"$OUT/kunit.log" 2>&1
rc=$?
echo "kunit.py exit $rc; log $OUT/kunit.log"
exit $rc
