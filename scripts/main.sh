#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The main job (README: `make`): apply the series onto the base kernel,
# build the i.MX6 kernel and boot it in QEMU sabrelite, print a verdict.
# KERNEL_SRC=/path/to/linux applies the series to that git tree's HEAD in a
# separate worktree instead of the Debian base.

. "$(dirname "$0")/lib.sh"

lock_cache
stage "prerequisites (apt)" harness_prereqs || exit 1
resolve_base
echo "Base: $BASE_DESC"
mapfile -t PATCHES < <(series_files)
# The kernel is built in check 6's tree and build directory, in its
# configuration (scripts/build-imx6.sh): `make` after `make check`, or the
# other way round, recompiles nothing that did not change.
apply() {
	prepare_tree kunit "${PATCHES[@]}"
	echo "tree: $TREE"
	echo "applied ${#PATCHES[@]} patches; HEAD $(git -C "$TREE" log -1 --format='%h %s')"
}
stage "apply the series (git am)" apply || exit $?
OUT=$BUILD/kunit
"$TOP/scripts/build-imx6.sh" "$TREE" "$OUT" || { print_timings; exit 1; }
boot_series "$TREE" "$OUT"
rc=$?
print_timings
exit $rc
