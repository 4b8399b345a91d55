#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make lava`: LAVA jobs that boot the patched kernel on i.MX6 boards and
# run the ALSA XRUN kselftest and the alsa-utils client scenario, proven
# locally on LAVA's qemu device type with Debian's lava-dispatcher.
#
#  1. LAVA's own code, from Debian bookworm (2023.01): lava-common (the job
#     schema, lava-schema), lava-dispatcher (lava-run), lava-dispatcher-host
#     (imported by lava-run) and lava-server (the device-type templates),
#     unpacked into the cache with dpkg-deb, not installed: lava-dispatcher
#     depends on systemd-sysv, and on python3-guestfs, which alone pulls
#     about 100 packages (libguestfs0, supermin, qemu-system-x86, udev,
#     grub, ...). Their Python dependencies are installed from Debian
#     (HARNESS_PKGS). libguestfs is not: lava/local/guestfs.py satisfies
#     the import for the local run, and fails on any use (the jobs deploy a
#     ramdisk, which LAVA handles with cpio).
#  2. The kernels: the board kernel (imx_v6_v7_defconfig +
#     Kbuild/imx6-board.config, scripts/build-board.sh) with the device
#     trees of lava/boards.yaml, unless LAVA_BOARD_KERNEL=0; and the kernel
#     of `make` (check 6's configuration, snd-dummy) for the qemu job.
#  3. The jobs: lava/job.yaml.jinja2 rendered per board and for qemu
#     (scripts/lava-render.py), with the artefacts at LAVA_ARTIFACTS_URL
#     (default: file:// of the local artefact directory).
#  4. One ramdisk per job: busybox, the kselftest, alsa-utils (as staged by
#     scripts/kselftest-initramfs.sh), tests/initramfs/lava-init.sh as
#     /init, tests/initramfs/lava-xrun.sh, and the job's test plan.
#  5. LAVA's schema check (lava-schema job --strict) on every job; a job
#     with a broken deploy action must be rejected by it.
#  6. The qemu job, run to its end by lava-run (unless LAVA_LOCAL_RUN=0),
#     its test cases read from lava-run's log (scripts/lava-results.py).
#
# Environment: LAVA_ARTIFACTS_URL (where the lab fetches the files; copy
# OUT/artifacts/ there), LAVA_BOARD_KERNEL=0 (no board kernel build: check
# 13), LAVA_LOCAL_RUN=0, LAVA_TREE and LAVA_QEMU_BUILD (the series tree and
# the build directory of the qemu kernel, already built and its kselftest
# staged in LAVA_QEMU_BUILD/kselftest: check 13).
# Output: $CACHE/build/lava/{artifacts,jobs,local,lava-run.log}.

. "$(dirname "$0")/lib.sh"

LAVA_OUT=$BUILD/lava
ART=$LAVA_OUT/artifacts
TOOLS=$CACHE/lava-tools
PYPATH=$TOOLS/usr/lib/python3/dist-packages
URL=${LAVA_ARTIFACTS_URL:-file://$ART}
PY=/usr/bin/python3
mapfile -t DTBS < <(sed -n 's/^ *dtb: *//p' "$TOP/lava/boards.yaml")

lock_cache
stage "prerequisites (apt)" harness_prereqs || exit 1
resolve_base
echo "Base: $BASE_DESC"
mapfile -t PATCHES < <(series_files)

lava_tools() {
	rm -rf "$TOOLS"
	echo "Debian packages (unpacked into $TOOLS, not installed):"
	debs_extract "$TOOLS" lava-common lava-dispatcher lava-dispatcher-host lava-server || return 1
	local v
	v=$(PYTHONPATH=$PYPATH $PY -c 'import lava_common.version as v; print(v.__version__)') ||
		{ echo "lava_common does not import"; return 1; }
	PYTHONPATH=$PYPATH:$TOP/lava/local $PY "$TOOLS/usr/bin/lava-run" --help >/dev/null ||
		{ echo "lava-run does not start"; return 1; }
	echo "lava-run and lava-schema $v"
}
stage "LAVA: Debian's lava-dispatcher, lava-common, lava-server" lava_tools || exit 1

# The kernel of the qemu job: `make`'s, with the kselftest, alsa-utils and
# busybox staged in QOUT/kselftest for the ramdisks (check 13 passes in
# check 8's kernel and staging).
qemu_kernel() {
	if [ -n "${LAVA_QEMU_BUILD:-}" ]; then
		QTREE=$LAVA_TREE QOUT=$LAVA_QEMU_BUILD
		echo "kernel of check 8: $QOUT ($(cat "$QOUT/include/config/kernel.release"))"
		return 0
	fi
	prepare_tree kunit "${PATCHES[@]}" || return 1
	QTREE=$TREE QOUT=$BUILD/kunit
	"$TOP/scripts/build-imx6.sh" "$QTREE" "$QOUT" &&
	"$TOP/scripts/kselftest-initramfs.sh" "$QTREE" "$QOUT/kselftest"
}
stage "LAVA: the qemu job's kernel (the kernel of make)" qemu_kernel || exit 1

BOARD_OUT=$BUILD/board
board_kernel() {
	prepare_tree board "${PATCHES[@]}" || return 1
	"$TOP/scripts/build-board.sh" "$TREE" "$BOARD_OUT" "${DTBS[@]}"
}
if [ "${LAVA_BOARD_KERNEL:-1}" != 0 ]; then
	stage "LAVA: board kernel (imx_v6_v7_defconfig)" board_kernel || exit 1
	BOARD_REL=$(cat "$BOARD_OUT/include/config/kernel.release")
else
	# (The release ends in the HEAD of the tree it is built from, which
	# git am makes anew: no release can be named for a kernel not built.)
	BOARD_REL="board kernel not built"
	echo "LAVA_BOARD_KERNEL=0: no board kernel built; the board jobs are rendered and validated without one"
fi

# render_jobs OUT URL [ARGS...]: lava/job.yaml.jinja2 for every job, the
# artefacts at URL.
render_jobs() {
	local out=$1 url=$2; shift 2
	$PY "$TOP/scripts/lava-render.py" --out "$out" --artifacts-url "$url" \
		--kernel-release "$BOARD_REL" \
		--qemu-kernel-release "$(cat "$QOUT/include/config/kernel.release")" \
		--series "$(git -C "$TOP" log -1 --format=%h) of this repository: ${#PATCHES[@]} patches on $BASE_DESC" \
		"$@"
}
render() {
	rm -rf "$LAVA_OUT/jobs" "$LAVA_OUT/local"
	render_jobs "$LAVA_OUT/jobs" "$URL" || return 1
	# The local run fetches from here, whatever LAVA_ARTIFACTS_URL says.
	render_jobs "$LAVA_OUT/local" "file://$ART" \
		--device-template "$TOOLS/usr/share/lava-server/device-types" >/dev/null || return 1
	echo "artefacts URL: $URL"
}
stage "LAVA: render lava/job.yaml.jinja2 (boards and qemu)" render || exit 1

artifacts() {
	rm -rf "$ART" && mkdir -p "$ART" || return 1
	local root=$LAVA_OUT/ramdisk plan name
	rm -rf "$root" && mkdir -p "$root" || return 1
	cp -a "$QOUT/kselftest/rootfs/." "$root/" || return 1
	# /selftest/run and args are the static launcher of `make`'s boot.
	rm -f "$root/selftest/run" "$root/selftest/args"
	mkdir -p "$root/proc" "$root/sys" "$root/dev" "$root/tmp" "$root/run" "$root/sbin"
	install -m 0755 "$TOP/tests/initramfs/lava-init.sh" "$root/init" || return 1
	install -m 0755 "$TOP/tests/initramfs/lava-xrun.sh" "$root/selftest/" || return 1
	for plan in "$LAVA_OUT"/jobs/plans/*.sh; do
		name=$(basename "$plan" .sh)
		install -m 0755 "$plan" "$root/selftest/xrun-plan.sh" || return 1
		(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet --owner=0:0) |
			gzip -9n >"$ART/rootfs-$name.cpio.gz" || return 1
	done
	cp "$QOUT/arch/arm/boot/zImage" "$ART/qemu-zImage" &&
	cp "$QOUT/arch/arm/boot/dts/nxp/imx/imx6q-sabrelite.dtb" "$ART/qemu-imx6q-sabrelite.dtb" || return 1
	if [ "${LAVA_BOARD_KERNEL:-1}" != 0 ]; then
		cp "$BOARD_OUT/arch/arm/boot/zImage" "$ART/zImage" || return 1
		local d
		for d in "${DTBS[@]}"; do
			cp "$BOARD_OUT/arch/arm/boot/dts/$d" "$ART/" || return 1
		done
	fi
	(cd "$ART" && ls -l | sed 1d | awk '{ printf "  %-36s %9d\n", $NF, $5 }')
	(cd "$ART" && sha256sum -- * >SHA256SUMS)
}
stage "LAVA: artefacts (kernels, device trees, one ramdisk per job)" artifacts || exit 1

validate() {
	local bad=0 out
	out=$(PYTHONPATH=$PYPATH $PY "$TOOLS/usr/share/lava-common/lava-schema.py" job --strict \
		"$LAVA_OUT"/jobs/*.yaml "$LAVA_OUT"/local/qemu.yaml 2>&1) || bad=1
	echo "$out" | sed 's/^/  /'
	[ $bad -eq 0 ] || { echo "LAVA's schema rejects a job"; return 1; }
	echo "lava-schema job --strict: $(ls "$LAVA_OUT"/jobs/*.yaml | wc -l) jobs and the local qemu job valid"
	# The check itself must be able to fail: a job whose deploy action
	# lacks its images is rejected.
	local broken=$LAVA_OUT/broken-job.yaml
	sed '/^    images:/,/^    os:/{/^    os:/!d}' "$LAVA_OUT/jobs/qemu.yaml" >"$broken"
	if out=$(PYTHONPATH=$PYPATH $PY "$TOOLS/usr/share/lava-common/lava-schema.py" job --strict "$broken" 2>&1); then
		echo "lava-schema accepted $broken (deploy without images): the check cannot fail"
		return 1
	fi
	echo "control: a qemu job without deploy images is rejected: $(echo "$out" | grep -m1 'key:' | sed 's/^ *-> //')"
}
stage "LAVA: validate the jobs with LAVA's schema" validate || exit 1

# The local run boots on the qemu-system-arm of `make` (qemu/build.sh, with
# the SDMA, SSI, AUDMUX and sgtl5000 models). LAVA's qemu device type names
# the binary "qemu-system-arm" (lava-server's qemu.jinja2, by arch) and
# the dispatcher resolves it in PATH (lava_dispatcher's which()): a
# directory holding a link of that name to the built binary goes first in
# lava-run's PATH, and the log must show that path in the QEMU command.
# The device dictionary and the jobs stay as LAVA renders them for any lab.
local_run() {
	local log=$LAVA_OUT/lava-run.log rc bin=$LAVA_OUT/qemu-bin
	rm -rf "$LAVA_OUT/lava-run" "$bin" && mkdir -p "$LAVA_OUT/lava-run" "$bin" || return 1
	[ -x "${QEMU_SYSTEM_ARM:-}" ] || { echo "no built qemu-system-arm (QEMU_SYSTEM_ARM='${QEMU_SYSTEM_ARM:-}')"; return 1; }
	ln -s "$QEMU_SYSTEM_ARM" "$bin/qemu-system-arm" || return 1
	echo "qemu-system-arm: $bin/qemu-system-arm -> $QEMU_SYSTEM_ARM"
	echo "lava-run --device $LAVA_OUT/local/devices/qemu.yaml $LAVA_OUT/local/qemu.yaml"
	PATH=$bin:$PATH PYTHONPATH=$PYPATH:$TOP/lava/local timeout -k 10 1800 $PY "$TOOLS/usr/bin/lava-run" \
		--job-id sdma-series-qemu --output-dir "$LAVA_OUT/lava-run" \
		--device "$LAVA_OUT/local/devices/qemu.yaml" "$LAVA_OUT/local/qemu.yaml" >"$log" 2>&1
	rc=$?
	echo "lava-run exit $rc, log $log"
	# lava_dispatcher's which() returns the realpath of what it finds in
	# PATH: the "Boot command" is the link's target, the built binary.
	local real
	real=$(readlink -f "$bin/qemu-system-arm")
	if ! grep -aqF "\"Boot command: $real " "$log"; then
		echo "the QEMU command in $log is not $real (the target of $bin/qemu-system-arm):"
		grep -a -m2 'qemu-system-arm' "$log" | cut -c1-200 | sed 's/^/  /'
		return 1
	fi
	echo "lava-run's QEMU: $real (the build of qemu/build.sh, through $bin/qemu-system-arm)"
	$PY "$TOP/scripts/lava-results.py" "$log" --min-cases 10
}
if [ "${LAVA_LOCAL_RUN:-1}" != 0 ]; then
	# make lava alone: qemu/build.sh here (check 13 has it from check 8).
	if [ -z "${QEMU_SYSTEM_ARM:-}" ]; then
		STAGE_LOG=$CACHE/qemu/build.log stage "LAVA: qemu-system-arm with qemu/patches (qemu/build.sh)" build_qemu || exit 1
	fi
	stage "LAVA: run the qemu job with lava-run" local_run || { print_timings; exit 1; }
fi

echo
echo "Jobs: $LAVA_OUT/jobs/*.yaml (artefacts expected at $URL)"
if [ "$URL" = "file://$ART" ]; then
	echo "Artefacts: $ART (set LAVA_ARTIFACTS_URL to where your lab fetches them from)"
else
	echo "Artefacts: $ART (copy them to $URL; SHA256SUMS lists them)"
fi
echo "Submit: lavacli jobs submit $LAVA_OUT/jobs/imx6q-sabrelite.yaml"
print_timings
