#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The stable check (check 9 of `make check`): every patch of the series
# whose trailers carry `Cc: stable@vger.kernel.org` or `Fixes:` (and not
# `Cc: stable+noautosel@kernel.org`) must apply
# with plain `git am` to each LTS tree (Debian's linux-source-6.12 and
# -6.1), and the objects it touches must build there for ARM with W=1 and
# no warning that the LTS tree lacks.
#
# - The stable-tagged patches are applied in series order, as the stable
#   team takes a set of tagged patches. A patch with Cc: stable that does
#   not apply alone on the LTS base must name its prerequisites in its
#   stable trailer, kernel style ("Cc: stable@vger.kernel.org # 6.1.x:
#   <prerequisite>"); one with only Fixes: is not tagged for stable, and
#   only has to apply after the earlier ones.
# - A trailer version ("# 6.7.x") limits the patch to that version and
#   later: it is skipped on older trees, and says so.
# - Where a stable-tagged patch needs changes for an LTS tree, its backport
#   is patches/stable/<version>/<same file name>, git format-patch output;
#   it is used instead. What differs is in patches/stable/<version>/README.
#   (The LTS variants of the rest of the series, for BASE=6.12, are in
#   patches/lts-<version>/, not here.)
#
# Usage: scripts/stable-check.sh [VERSION...]   (default: 6.12 6.1)

. "$(dirname "$0")/lib.sh"
# The LTS trees do not depend on BASE or KERNEL_SRC: one copy for all.
WORK=$SHARED_WORK BUILD=$SHARED_BUILD

VERS=("$@")
[ ${#VERS[@]} -eq 0 ] && VERS=(6.12 6.1)
FRAG=$TOP/Kbuild/stable.config

# trailers FILE: the trailers of a patch file's commit message, one per line.
trailers() {
	local t
	t=$(mktemp -d) || return 1
	git mailinfo "$t/msg" "$t/patch" <"$1" >/dev/null 2>&1
	git interpret-trailers --parse <"$t/msg"
	rm -rf "$t"
}

# patch_msg FILE: the subject and commit message of a patch file.
patch_msg() {
	local t
	t=$(mktemp -d) || return 1
	git mailinfo "$t/msg" "$t/patch" <"$1" | sed -n 's/^Subject: //p'
	cat "$t/msg"
	rm -rf "$t"
}

# stable_line FILE: the Cc: stable trailer, or "Fixes" if the patch has
# only Fixes:, or nothing. A patch tagged Cc: stable+noautosel@kernel.org
# tells the stable team and its AUTOSEL tools to leave it alone
# (Documentation/process/stable-kernel-rules.rst): nothing, Fixes: or not.
stable_line() {
	local tr
	tr=$(trailers "$1")
	echo "$tr" | grep -q -i '^Cc: *<\?stable+noautosel@kernel.org' && return 0
	echo "$tr" | grep -m1 -i '^Cc: *<\?stable@vger.kernel.org' && return 0
	echo "$tr" | grep -q '^Fixes:' && echo Fixes
	return 0
}

# version_ge A B: A >= B for MAJOR.MINOR versions.
version_ge() { [ "$(printf '%s\n%s\n' "$1" "$2" | sort -V | head -1)" = "$2" ]; }

mapfile -t NAMES < <(series_names)
STABLE=()
declare -A LINE		# the stable trailer of each stable-tagged patch
for n in "${NAMES[@]}"; do
	line=$(stable_line "$TOP/patches/$n")
	[ -n "$line" ] && STABLE+=("$n") && LINE[$n]=$line
done
echo "stable-tagged patches (Cc: stable or Fixes:): ${#STABLE[@]} of ${#NAMES[@]}"
[ ${#STABLE[@]} -gt 0 ] || exit 0

bad=0
for ver in "${VERS[@]}"; do
	echo "== Linux $ver (Debian linux-source-$ver)"
	repo=$("$TOP/scripts/prepare-base.sh" "$ver" | tail -1) || { echo "  cannot prepare the $ver tree"; bad=1; continue; }
	SRC_REPO=$repo
	BASE_REF=$(cat "$repo/.git/sdma-series-tag")
	echo "  base: $(git -C "$repo" log -1 --format=%s "$BASE_REF")"
	KERNEL_SRC='' prepare_tree "stable-$ver" -- || { bad=1; continue; }
	base_sha=$(git -C "$TREE" rev-parse HEAD)
	kver=$(make -s -C "$TREE" kernelversion | cut -d. -f1,2)

	# Which file, and whether the trailer limits it to newer trees.
	files=() names=() notes=()
	for n in "${STABLE[@]}"; do
		line=${LINE[$n]}
		min=$(echo "$line" | sed -n 's/.*#[[:space:]]*\([0-9]\+\.[0-9]\+\)\(\.x\|+\)\?.*/\1/p')
		if [ -f "$TOP/patches/stable/$ver/$n" ]; then
			files+=("$TOP/patches/stable/$ver/$n"); names+=("$n"); notes+=("backport patches/stable/$ver/")
		elif [ -n "$min" ] && ! version_ge "$kver" "$min"; then
			printf '  %-66s not for %s (trailer: %s)\n' "${n:0:66}" "$ver" "${line#Cc: }"
		else
			files+=("$TOP/patches/$n"); names+=("$n"); notes+=("")
		fi
	done

	# Alone on the LTS base: applies, or must declare its prerequisites.
	alone=()
	for i in "${!files[@]}"; do
		if git -C "$TREE" apply --check "${files[$i]}" 2>/dev/null; then alone+=(yes); else alone+=(no); fi
	done

	# In series order, with plain git am (no fuzz, no 3-way).
	for i in "${!files[@]}"; do
		n=${names[$i]}
		line=${LINE[$n]}
		if ! out=$(git -C "$TREE" -c user.name="sdma-series harness" -c user.email=harness@localhost \
				am --keep-cr "${files[$i]}" 2>&1); then
			git -C "$TREE" am --abort >/dev/null 2>&1
			printf '  %-66s DOES NOT APPLY%s\n' "${n:0:66}" "${notes[$i]:+ (${notes[$i]})}"
			echo "$out" | grep -E '^error:' | head -3 | sed 's/^/      /'
			bad=1
			continue
		fi
		how="applies alone"
		if [ "${alone[$i]}" = no ]; then
			how="applies after the earlier stable patches"
			# Kernel style: "Cc: stable@vger.kernel.org # 6.1.x: <prerequisite>".
			# A patch with only Fixes: is not tagged for stable and has
			# no trailer to name one in; it is reported, not failed.
			if [ "$line" = Fixes ]; then
				how="$how (Fixes: only, not tagged for stable)"
			elif ! echo "$line" | grep -q '#[^:]*:'; then
				how="$how, but its trailer names no prerequisite"
				bad=1
			fi
		fi
		printf '  %-66s %s%s\n' "${n:0:66}" "$how" "${notes[$i]:+ (${notes[$i]})}"
	done

	# Build the touched objects, W=1, at the base and with the patches.
	out=$BUILD/stable-$ver
	mkdir -p "$out"
	mapfile -t objs < <(git -C "$TREE" diff --name-only "$base_sha" HEAD | makefile_objs "$TREE")
	if [ ${#objs[@]} -eq 0 ]; then
		echo "  no object to build"
		continue
	fi
	git -C "$TREE" checkout -q --detach "$base_sha"
	if ! arm_configure "$TREE" "$out" "$FRAG"; then
		echo "  cannot configure the $ver build"; bad=1; continue
	fi
	objs_warnings "$TREE" "$out" W=1 -- "${objs[@]}" | LC_ALL=C sort -u >"$out/warn-base.txt"
	git -C "$TREE" checkout -q -
	objs_warnings "$TREE" "$out" W=1 -- "${objs[@]}" | LC_ALL=C sort -u >"$out/warn-series.txt"
	new=$(LC_ALL=C comm -13 "$out/warn-base.txt" "$out/warn-series.txt")
	if [ -n "$new" ]; then
		echo "  W=1 build of ${objs[*]}: NEW WARNINGS OR FAILURES"
		echo "$new" | head -20 | sed 's/^/      /'
		bad=1
	else
		echo "  W=1 build of ${objs[*]}: ok ($(grep -c . "$out/warn-base.txt") warning lines on the base, none new)"
	fi

	# BASE=$ver runs (make, make check, make bench on the LTS tree) take
	# the whole series with patches/lts-$ver/ and patches/stable/$ver/ in
	# place of the mainline forms. They must apply in series order, and an
	# LTS form must carry its mainline patch's commit message: a mainline
	# patch changed without its LTS form shows here.
	[ -d "$TOP/patches/lts-$ver" ] || continue
	lts_bad=0
	git -C "$TREE" checkout -q --detach "$base_sha"
	for n in "${NAMES[@]}"; do
		f=$TOP/patches/$n
		for d in "lts-$ver" "stable/$ver"; do
			[ -f "$TOP/patches/$d/$n" ] && { f=$TOP/patches/$d/$n; break; }
		done
		if ! out=$(git -C "$TREE" -c user.name="sdma-series harness" -c user.email=harness@localhost \
				am --keep-cr "$f" 2>&1); then
			git -C "$TREE" am --abort >/dev/null 2>&1
			echo "  BASE=$ver series: ${f#"$TOP"/} DOES NOT APPLY"
			echo "$out" | grep -E '^error:' | head -3 | sed 's/^/      /'
			lts_bad=1
			break
		fi
	done
	for f in "$TOP/patches/lts-$ver"/*.patch; do
		n=$(basename "$f")
		[ -f "$TOP/patches/$n" ] || { echo "  patches/lts-$ver/$n: no such patch in patches/"; lts_bad=1; continue; }
		cmp -s <(patch_msg "$f") <(patch_msg "$TOP/patches/$n") ||
			{ echo "  patches/lts-$ver/$n: its commit message is not the mainline patch's"; lts_bad=1; }
	done
	[ $lts_bad -eq 0 ] &&
		echo "  BASE=$ver series: all ${#NAMES[@]} patches apply in order with patches/lts-$ver/ and patches/stable/$ver/; the LTS forms carry the mainline messages"
	[ $lts_bad -eq 0 ] || bad=1
done
exit $bad
