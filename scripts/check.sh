#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Every check of the series (README: `make check`). Ends with the line
# "N passed, N failed" (counts of checks) and exits non-zero if any failed.
#
#   1 apply        git am of the whole series onto the base, and of each
#                  posting (patches/postings/series) alone, or after the
#                  posting it names
#   2 checkpatch   checkpatch.pl --strict on every patch (exceptions listed
#                  in patches/checkpatch-exceptions, printed)
#   3 bisect       at each position, the touched objects build for ARM
#                  (imx_v6_v7_defconfig + Kbuild/bisect.config) with W=1
#                  and no warning the base does not have (a tree built
#                  before with the same inputs: its recorded warnings)
#   4 kernel-doc   kernel-doc -none -Wall on changed sources: nothing new
#   5 sparse       C=2 on the changed objects: nothing new against the base
#   6 kunit        the series' KUnit suites on ARM/QEMU with the debug
#                  options; all pass, no splat in the log
#   7 can-fail     the regression tests, applied without the fixes
#                  (patches/regression-tests), fail where they must (a
#                  set whose inputs are unchanged boots its kernel again)
#   8 boot         the series' kernel (check 6's configuration: i.MX6,
#                  lockdep, KASAN) boots in QEMU sabrelite and passes the
#                  series' ALSA XRUN kselftest on snd-dummy; it runs right
#                  after 6, on the kernel that 6 built
#   9 stable       the Cc: stable / Fixes: patches apply to Debian's 6.12 and
#                  6.1 trees (or have a backport in patches/stable/VER/) and
#                  their objects build there with W=1, nothing new
#  10 prereqs      the harness's prerequisite step survives an apt source
#                  whose index is broken, and still fails on a missing package
#  11 send-prep    `make send-prep` refuses an unset identity and the
#                  placeholder; with a test identity its mails have the
#                  sender as From and only Signed-off-by, are threaded,
#                  pass checkpatch --strict, reach each patch's maintainers
#                  and lists (never stable@), and git send-email --dry-run
#                  accepts them (scripts/test-send-prep.sh)
#  12 kunit-uml    the arch-independent suite (pcm_dmaengine, over the fake
#                  DMA controller) as a developer runs it: `kunit.py run
#                  --kunitconfig=sound/core/tests`, kunit.py's defaults
#                  (UML), nothing added
#  13 lava         `make lava` without the board kernel build: the LAVA
#                  jobs of every board and of qemu render and pass LAVA's
#                  schema (a broken one must not), and the qemu job runs
#                  to its end under Debian's lava-run on check 8's kernel,
#                  every test case (kselftest, alsa-utils client, kernel
#                  log) passing; runs right after 8
#  14 bench-build  the two trees of `make bench` (the series, and the series
#                  with 0007 taken back out by tests/regression/without-
#                  confirm.patch, each with tests/bench/'s patch) apply and,
#                  configured as make bench configures them, build
#                  drivers/dma/ with the benchmark suite in it
#                  (scripts/bench.sh --build-check; nothing is linked or run)
#  15 coccinelle   the series' semantic patch (0022) over the untouched
#                  base's drivers/ and sound/ with Debian's coccinelle: the
#                  known cases found, pcm_dmaengine not, and on the default
#                  base the committed report of Documentation/coccinelle/
#
# Environment: BASE (7.3, the default, or 6.12), KERNEL_SRC (user's tree
# instead of the Debian base), CHECKS="1 2 ..." (subset), SKIP_BOOT=1,
# STABLE_BASES (default "6.12 6.1"), CANFAIL_RUNS (runs of each check 7
# set, default 1), CANFAIL_SETS="set ..." (only these check 7 sets).

. "$(dirname "$0")/lib.sh"

lock_cache
stage "prerequisites (apt)" harness_prereqs || exit 1
resolve_base
echo "Base: $BASE_DESC"
mapfile -t PATCHES < <(series_files)
echo "Series: ${#PATCHES[@]} patches from $TOP/patches/series"

CHECKS=${CHECKS:-1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16}
[ -n "${SKIP_BOOT:-}" ] && CHECKS=$(echo " $CHECKS " | sed 's/ 8 / /; s/ 13 / /')
RESULTS=()
pass=0 failn=0

record() {
	RESULTS+=("$1|$2")
	if [ "$2" = PASS ]; then pass=$((pass + 1)); else failn=$((failn + 1)); fi
}

want() { [[ " $CHECKS " == *" $1 "* ]]; }

# 1 --------------------------------------------------------------------
check_apply() {
	prepare_tree series "${PATCHES[@]}" || return 1
	echo "applied ${#PATCHES[@]} patches: $(git -C "$TREE" log --oneline -1)"
	# Each posting (patches/postings/series) alone on the base, after the
	# postings it names with "after", in a worktree of its own.
	local line files=() bad=0 id p first last
	declare -A range
	while read -r line; do
		posting_fields "$line"
		range[$P_ID]="$P_FIRST $P_LAST"
	done < <(postings)
	while read -r line; do
		posting_fields "$line"
		files=()
		for id in $P_AFTER $P_ID; do
			[ -n "${range[$id]:-}" ] || { echo "posting $P_ID: no posting $id"; bad=1; continue 2; }
			read -r first last <<<"${range[$id]}"
			for ((p = first; p <= last; p++)); do files+=("${PATCHES[$((p - 1))]}"); done
		done
		if (prepare_tree posting "${files[@]}") >"$LOGS/posting-$P_ID.log" 2>&1; then
			printf '  posting %s (%04d-%04d, [%s]) applies with git am %s\n' "$P_ID" "$P_FIRST" "$P_LAST" \
				"$P_PREFIX" "$( [ -n "$P_AFTER" ] && echo "after posting $P_AFTER" || echo alone)"
		else
			printf '  posting %s (%04d-%04d) DOES NOT APPLY%s: %s\n' "$P_ID" "$P_FIRST" "$P_LAST" \
				"${P_AFTER:+ after posting $P_AFTER}" "$(tail -1 "$LOGS/posting-$P_ID.log")"
			bad=1
		fi
	done < <(postings)
	return $bad
}
stage "1 apply: git am the series" check_apply && record "1 git am of the series" PASS ||
	{ record "1 git am of the series" FAIL; echo "cannot continue without the series"; }
SERIES_TREE=$TREE
[ -d "$SERIES_TREE" ] && git -C "$SERIES_TREE" rev-parse -q --verify HEAD >/dev/null || CHECKS=""
BASE_SHA=$(git -C "$SERIES_TREE" rev-parse "$BASE_REF" 2>/dev/null)

# 2 --------------------------------------------------------------------
check_checkpatch() {
	local exc=$TOP/patches/checkpatch-exceptions bad=0 p
	if [ -f "$exc" ] && grep -qv '^\s*\(#\|$\)' "$exc"; then
		echo "Exceptions (from patches/checkpatch-exceptions):"
		grep -v '^\s*\(#\|$\)' "$exc" | sed 's/^/  /'
	fi
	local tmp
	tmp=$(mktemp -d)
	for p in "${PATCHES[@]}"; do echo "$(basename "$p") $p"; done |
		checkpatch_each "$SERIES_TREE" "$tmp"
	for p in "${PATCHES[@]}"; do
		local name out summary
		name=$(basename "$p")
		out=$(cat "$tmp/$name.out")
		summary=$(echo "$out" | grep -m1 '^total:')
		if echo "$summary" | grep -q '^total: 0 errors, 0 warnings, 0 checks'; then
			printf '  %-70s ok\n' "$name"
		else
			printf '  %-70s %s\n' "$name" "$summary"
			echo "$out" | grep -E '^(ERROR|WARNING|CHECK):' -A3 | head -30 | sed 's/^/      /'
			bad=1
		fi
	done
	rm -rf "$tmp"
	return $bad
}
want 2 && { stage "2 checkpatch --strict" check_checkpatch && record "2 checkpatch --strict" PASS || record "2 checkpatch --strict" FAIL; }

# Files the whole series changes.
changed_files() { git -C "$SERIES_TREE" diff --name-only "$BASE_SHA" HEAD -- "$@"; }
# Objects of the changed C files.
changed_objs() { changed_files '*.c' | makefile_objs "$SERIES_TREE"; }

# 3 and 5 share one ARM build directory, prepared from the series tree.
BISECT_TREE=
BISECT_OUT=$BUILD/bisect
bisect_prepare() {
	prepare_tree bisect "${PATCHES[@]}" || return 1
	BISECT_TREE=$TREE
	git -C "$BISECT_TREE" checkout -q --detach "$BASE_SHA" || return 1
	arm_configure "$BISECT_TREE" "$BISECT_OUT" "$TOP/Kbuild/bisect.config" || return 1
	# The configuration as configured on the base: at each position
	# Kbuild brings it up to that tree's Kconfig, a function of the two.
	BISECT_CONFIG_SHA=$(sha256sum "$BISECT_OUT/.config" | cut -d' ' -f1)
}

# objs_warnings (lib.sh) on the shared ARM build directory.
bisect_warnings() { objs_warnings "$BISECT_TREE" "$BISECT_OUT" "$@"; }

# bisect_memo OBJ...: the W=1 warnings of OBJ... at the commit checked out
# in the bisect tree, sorted. A tree (git tree id, i.e. every file's
# content, Kconfig included) that was built before with the same objects,
# base configuration, compiler and harness is not built again: its
# recorded warnings, and the objects it skipped, are used, and BISECT_MEMO
# says so. What a rebuild would do there is a ccache lookup of the same
# compilation anyway. The key holds the configuration made on the base,
# not the .config of the moment: a position that is not built leaves that
# file as it was, and Kbuild brings it up to date at the next build.
bisect_memo() {
	local key m
	key=$({ git -C "$BISECT_TREE" rev-parse 'HEAD^{tree}'; printf '%s\n' "$@"
		echo "$BISECT_CONFIG_SHA"; sha256sum "$TOP/scripts/lib.sh" | cut -d' ' -f1
		"${CROSS}gcc" --version | head -1; } | sha256sum | cut -d' ' -f1)
	m=$BISECT_OUT/memo/$key
	if [ -f "$m.warn" ] && [ -f "$m.skipped" ]; then
		BISECT_MEMO=1
		cat "$m.skipped" >>"$BISECT_OUT/skipped.txt"
		cat "$m.warn"
		return
	fi
	BISECT_MEMO=0
	mkdir -p "$BISECT_OUT/memo"
	local n=0
	[ -f "$BISECT_OUT/skipped.txt" ] && n=$(wc -l <"$BISECT_OUT/skipped.txt")
	bisect_warnings W=1 -- "$@" | LC_ALL=C sort -u >"$m.tmp"
	# A failed build is not recorded.
	if grep -q '^build failed: ' "$m.tmp"; then
		cat "$m.tmp"; rm -f "$m.tmp"; return
	fi
	{ [ -f "$BISECT_OUT/skipped.txt" ] && tail -n +$((n + 1)) "$BISECT_OUT/skipped.txt"; } >"$m.skipped"
	mv "$m.tmp" "$m.warn"
	cat "$m.warn"
}

check_bisect() {
	[ -n "$BISECT_TREE" ] || bisect_prepare || return 1
	mapfile -t OBJS < <(changed_objs)
	echo "objects touched by the series: ${OBJS[*]:-none}"
	[ ${#OBJS[@]} -eq 0 ] && return 0
	git -C "$BISECT_TREE" checkout -q --detach "$BASE_SHA"
	rm -f "$BISECT_OUT/skipped.txt"
	bisect_memo "${OBJS[@]}" >"$BISECT_OUT/warn-base.txt"
	echo "base: $(wc -l <"$BISECT_OUT/warn-base.txt") W=1 warning/error lines in these objects"
	rm -f "$BISECT_OUT/skipped.txt"
	local commits c i=0 bad=0 memo=0
	mapfile -t commits < <(git -C "$SERIES_TREE" rev-list --reverse "$BASE_SHA..HEAD")
	for c in "${commits[@]}"; do
		i=$((i + 1))
		git -C "$BISECT_TREE" checkout -q --detach "$c" || return 1
		# Objects this patch touches, plus, for a header change, every
		# object of the series that exists here.
		# Objects this patch touches. For a header, Kconfig or Makefile
		# change, or a C file that is #included rather than built on its
		# own, every object of the series that exists here.
		local mine=() f all=0
		while read -r f; do
			[ -z "$f" ] && continue
			if [[ " ${OBJS[*]} " == *" ${f%.c}.o "* ]]; then mine+=("${f%.c}.o"); else all=1; fi
		done < <(git -C "$BISECT_TREE" diff --name-only "$c~1" "$c" -- '*.c')
		git -C "$BISECT_TREE" diff --name-only "$c~1" "$c" -- '*.h' Kconfig '*/Kconfig' '*/Makefile' | grep -q . && all=1
		[ $all -eq 1 ] && mine=("${OBJS[@]}")
		local new tag=''
		bisect_memo "${mine[@]}" >"$BISECT_OUT/warn-pos.txt"
		[ "$BISECT_MEMO" = 1 ] && { tag=', tree built before'; memo=$((memo + 1)); }
		new=$(LC_ALL=C comm -13 "$BISECT_OUT/warn-base.txt" "$BISECT_OUT/warn-pos.txt")
		if [ -n "$new" ]; then
			bad=1
			printf '  %2d %-60s NEW WARNINGS\n' "$i" "$(git -C "$BISECT_TREE" log -1 --format=%s | cut -c1-60)"
			echo "$new" | head -20 | sed 's/^/       /'
			bad=1
		else
			printf '  %2d %-60s ok (%d objects%s)\n' "$i" "$(git -C "$BISECT_TREE" log -1 --format=%s | cut -c1-60)" "${#mine[@]}" "$tag"
		fi
	done
	[ "$memo" -gt 0 ] && echo "$memo of $i positions: a tree built before with the same objects, base configuration, compiler and harness; its recorded warnings were used (they are kept in $BISECT_OUT/memo/)"
	[ -s "$BISECT_OUT/skipped.txt" ] &&
		echo "not built by this configuration (no Kbuild rule): $(sort -u "$BISECT_OUT/skipped.txt" | paste -sd' ')"
	return $bad
}
want 3 && { STAGE_LOG=$BISECT_OUT/last.log stage "3 bisect: W=1 build at each patch" check_bisect && record "3 bisectable W=1 build" PASS || record "3 bisectable W=1 build" FAIL; }

# 4 --------------------------------------------------------------------
check_kerneldoc() {
	local f bad=0 b t
	mapfile -t files < <(changed_files '*.c' '*.h')
	for f in "${files[@]}"; do
		[ -f "$SERIES_TREE/$f" ] || continue
		# Line numbers out: "file:123:" (6.x) and "file:123 " (the
		# Python kernel-doc of 7.x).
		t=$(cd "$SERIES_TREE" && scripts/kernel-doc -none -Wall "$f" 2>&1 | sed -E 's/:[0-9]+([: ])/:\1/' | sort -u)
		b=$(cd "$SERIES_TREE" && git show "$BASE_SHA:$f" >/tmp/kdoc-base.$$ 2>/dev/null &&
			scripts/kernel-doc -none -Wall /tmp/kdoc-base.$$ 2>&1 |
			sed -E -e "s|/tmp/kdoc-base.$$|$f|" -e 's/:[0-9]+([: ])/:\1/' | sort -u)
		rm -f /tmp/kdoc-base.$$
		local new
		new=$(LC_ALL=C comm -13 <(echo "$b" | LC_ALL=C sort -u) <(echo "$t" | LC_ALL=C sort -u) | grep .)
		if [ -n "$new" ]; then
			printf '  %-60s NEW\n' "$f"; echo "$new" | head -10 | sed 's/^/      /'; bad=1
		else
			printf '  %-60s ok (%d base warnings)\n' "$f" "$(echo "$b" | grep -c .)"
		fi
	done
	return $bad
}
want 4 && { stage "4 kernel-doc -Wall" check_kerneldoc && record "4 kernel-doc clean" PASS || record "4 kernel-doc clean" FAIL; }

# 5 --------------------------------------------------------------------
check_sparse() {
	[ -n "$BISECT_TREE" ] || bisect_prepare || return 1
	mapfile -t OBJS < <(changed_objs)
	[ ${#OBJS[@]} -eq 0 ] && { echo "no C objects changed"; return 0; }
	# Debian 12's sparse is too old for this kernel: Kbuild would skip the
	# checker with a make warning. scripts/build-sparse.sh builds one that
	# the tree's checker-valid.sh accepts.
	local sparse which
	sparse=$("$TOP/scripts/build-sparse.sh" "$BISECT_TREE") || return 1
	echo "sparse: $sparse"
	for which in base series; do
		if [ $which = base ]; then
			git -C "$BISECT_TREE" checkout -q --detach "$BASE_SHA"
		else
			git -C "$BISECT_TREE" checkout -q --detach "$(git -C "$SERIES_TREE" rev-parse HEAD)"
		fi
		bisect_warnings C=2 CHECK="$sparse" -- "${OBJS[@]}" | LC_ALL=C sort -u >"$BISECT_OUT/sparse-$which.txt"
		# The checker must have run on every object, not been skipped.
		if grep -q 'is not available or not up to date' "$BISECT_OUT/last.log"; then
			echo "Kbuild did not run sparse ($which):"
			grep 'not up to date' "$BISECT_OUT/last.log" | head -2 | sed 's/^/  /'
			return 1
		fi
		local o checked=0
		for o in "${OBJS[@]}"; do
			grep -qE "^  CHECK +${o%.o}\.c\$" "$BISECT_OUT/last.log" && checked=$((checked + 1))
		done
		echo "sparse ($which): checked $checked of ${#OBJS[@]} objects"
		[ "$checked" -gt 0 ] || { echo "sparse checked no object ($which)"; return 1; }
	done
	echo "sparse: base $(wc -l <"$BISECT_OUT/sparse-base.txt"), series $(wc -l <"$BISECT_OUT/sparse-series.txt") warning lines in ${#OBJS[@]} objects"
	local new
	new=$(LC_ALL=C comm -13 "$BISECT_OUT/sparse-base.txt" "$BISECT_OUT/sparse-series.txt")
	[ -z "$new" ] && return 0
	echo "new sparse warnings:"; echo "$new" | head -20 | sed 's/^/  /'
	return 1
}
want 5 && { stage "5 sparse C=2" check_sparse && record "5 sparse: nothing new" PASS || record "5 sparse: nothing new" FAIL; }

# 6 --------------------------------------------------------------------
# Checks 6 and 7 share one worktree and one build directory, so that
# switching between the series and a regression set recompiles only the
# files that differ (and ccache, keyed on the same paths, hits).
KUNIT_OUT=$BUILD/kunit
check_kunit() {
	prepare_tree kunit "${PATCHES[@]}" || return 1
	# With the boot's fragment (lib.sh: BOOT_KCONFIG), as build-imx6.sh:
	# the kernel check 8 boots is then the one built here.
	"$TOP/scripts/kunit.sh" "$TREE" "$KUNIT_OUT" "--kunitconfig=$BOOT_KCONFIG"
	# Keep this run's logs: check 7 reuses the build directory.
	local f
	for f in kunit.log kunit.json test.log; do
		cp "$KUNIT_OUT/$f" "$BUILD/kunit-series.$f" 2>/dev/null
	done
	KUNIT_SERIES_HEAD=$(git -C "$TREE" rev-parse HEAD)
	python3 "$TOP/scripts/kunit-summary.py" "$KUNIT_OUT/kunit.json" "$KUNIT_OUT/test.log"
	local rc=$?
	echo "logs: $BUILD/kunit-series.{kunit.log,kunit.json,test.log}"
	return $rc
}
want 6 && { STAGE_LOG=$BUILD/kunit/kunit.log stage "6 kunit (ARM, QEMU, debug options)" check_kunit && record "6 KUnit suites pass, no splat" PASS || record "6 KUnit suites pass, no splat" FAIL; }

# 8 --------------------------------------------------------------------
# The boot kernel has check 6's configuration (scripts/build-imx6.sh) and
# is built in check 6's tree and directory. Check 8 runs right after check
# 6, before check 7 switches that tree to the regression sets: the kernel
# check 6 built is the one booted, and nothing is recompiled. Without
# check 6 in the run, the tree is prepared here.
check_boot() {
	local tree
	tree=$(tree_dir kunit)
	if [ -z "${KUNIT_SERIES_HEAD:-}" ] ||
	   [ "$(git -C "$tree" rev-parse HEAD 2>/dev/null)" != "$KUNIT_SERIES_HEAD" ]; then
		prepare_tree kunit "${PATCHES[@]}" || return 1
		# (check 13 boots this kernel too and need not prepare it again)
		KUNIT_SERIES_HEAD=$(git -C "$tree" rev-parse HEAD)
	fi
	"$TOP/scripts/build-imx6.sh" "$tree" "$KUNIT_OUT" || return 1
	boot_series "$tree" "$KUNIT_OUT"
}
want 8 && { STAGE_LOG=$KUNIT_OUT/kunit.log stage "8 boot in QEMU sabrelite" check_boot && record "8 boot check" PASS || record "8 boot check" FAIL; }

# 13 -------------------------------------------------------------------
# Before check 7 too: the qemu job boots the kernel that check 8 booted.
check_lava() {
	local tree
	tree=$(tree_dir kunit)
	if [ "$(git -C "$tree" rev-parse HEAD 2>/dev/null)" != "${KUNIT_SERIES_HEAD:-none}" ] ||
	   ! want 8; then
		prepare_tree kunit "${PATCHES[@]}" || return 1
		"$TOP/scripts/build-imx6.sh" "$tree" "$KUNIT_OUT" || return 1
		"$TOP/scripts/kselftest-initramfs.sh" "$tree" "$KUNIT_OUT/kselftest" || return 1
	fi
	LAVA_BOARD_KERNEL=0 LAVA_TREE=$tree LAVA_QEMU_BUILD=$KUNIT_OUT "$TOP/scripts/lava.sh"
}
want 13 && { STAGE_LOG=$BUILD/lava/lava-run.log stage "13 LAVA: jobs valid, qemu job under lava-run" check_lava && record "13 LAVA jobs and local lava-run" PASS || record "13 LAVA jobs and local lava-run" FAIL; }

# 7 --------------------------------------------------------------------
# patches/regression-tests (see regression_sets in lib.sh): each set is
# applied to the base without the fixes, and its "fail" cases must fail.
check_canfail() {
	[ -f "$TOP/patches/regression-tests" ] || { echo "no patches/regression-tests"; return 1; }
	local bad=0 set sets ps fs p
	mapfile -t sets < <(regression_sets)
	[ ${#sets[@]} -gt 0 ] || { echo "no regression set defined"; return 1; }
	for set in "${sets[@]}"; do
		# CANFAIL_SETS="a b": only these sets (a developer's rerun).
		[ -n "${CANFAIL_SETS:-}" ] && [[ " $CANFAIL_SETS " != *" $set "* ]] && continue
		mapfile -t ps < <(regression_patches "$set")
		mapfile -t fs < <(regression_sets "$set" fail)
		local glob ef=() fa=()
		glob=$(regression_sets "$set" filter | head -1)
		local what
		what=$(regression_lines "$set" | awk '$1 == "series" { printf "the whole series + " }
			$1 == "patch" { n = split($2, a, "/"); printf "%s%s", sep, a[n]; sep = " " }')
		echo "regression set '$set': ${#ps[@]} patches on the base ($what)," \
			"${#fs[@]} cases must fail${glob:+, cases run: $glob}"
		[ ${#ps[@]} -gt 0 ] && [ ${#fs[@]} -gt 0 ] || { echo "set '$set': no patch or no fail line"; bad=1; continue; }
		for p in "${fs[@]}"; do ef+=(--expect-fail "$p"); done
		[ -n "$glob" ] && fa=(--filter "$glob")
		# Each set has its own build directory, first copied from check
		# 6's (so that only what the set changes is compiled), and a
		# stamp of what its kernel was built from: the base, the set's
		# patches in order, the debug fragment, the boot fragment,
		# kunit.sh and the compiler. With the same stamp, the kernel
		# built then is booted again and the cases run again; anything
		# else rebuilds it. The sets are configured as check 6, boot
		# fragment included: IRQSOFF_TRACER alone is a dependency of
		# nearly every object (linux/irqflags.h), so a set configured
		# without it would recompile the whole kernel from check 6's copy.
		local out=$BUILD/canfail/$set stamp
		stamp=$({ echo "$BASE_REF"; sha256sum "${ps[@]}" | cut -d' ' -f1
			sha256sum "$TOP/Kbuild/kunit-debug.config" "$BOOT_KCONFIG" "$TOP/scripts/kunit.sh" | cut -d' ' -f1
			"${CROSS}gcc" --version | head -1; } | sha256sum | cut -d' ' -f1)
		if [ -f "$out/.canfail-stamp" ] && [ "$(cat "$out/.canfail-stamp")" = "$stamp" ] &&
		   [ -f "$out/.config" ] && [ -d "$(tree_dir kunit)/tools/testing/kunit" ]; then
			echo "set '$set': its inputs are unchanged since $(date -r "$out/.canfail-stamp" '+%F %T'): the kernel built then is booted again"
			# The tree is still needed as the set's: kunit-summary.py
			# takes the case order from it to name the case a crash
			# ended (--tree), and the previous set left its own there.
			( prepare_tree kunit "${ps[@]}" ) || { bad=1; continue; }
		else
			rm -f "$out/.canfail-stamp"
			if [ ! -f "$out/.config" ] && [ -f "$KUNIT_OUT/.config" ]; then
				mkdir -p "$BUILD/canfail"
				cp -a "$KUNIT_OUT" "$out" || { bad=1; continue; }
			fi
			( prepare_tree kunit "${ps[@]}" ) || { bad=1; continue; }
			KUNIT_MODE=build "$TOP/scripts/kunit.sh" "$(tree_dir kunit)" "$out" "--kunitconfig=$BOOT_KCONFIG" ||
				{ echo "set '$set': the kernel does not build (log: $out/kunit.log)"; tail -n 20 "$out/kunit.log"; bad=1; continue; }
			echo "$stamp" >"$out/.canfail-stamp"
		fi
		local run ok=0 runs=${CANFAIL_RUNS:-1} sfx=
		for ((run = 1; run <= runs; run++)); do
			[ "$runs" -gt 1 ] && sfx=.run$run
			KUNIT_MODE=exec "$TOP/scripts/kunit.sh" "$(tree_dir kunit)" "$out" ${glob:+"$glob"}
			if python3 "$TOP/scripts/kunit-summary.py" --tree "$(tree_dir kunit)" "${fa[@]}" \
				"$out/kunit.json" "$out/test.log" "${ef[@]}"; then
				ok=$((ok + 1))
			fi
			for p in kunit.log kunit.json test.log; do
				cp "$out/$p" "$BUILD/kunit-canfail-$set$sfx.$p" 2>/dev/null
			done
		done
		[ "$runs" -gt 1 ] && echo "regression set '$set': the named cases failed as required in $ok of $runs runs"
		[ "$ok" -eq "$runs" ] || bad=1
	done
	return $bad
}
want 7 && { STAGE_LOG=$BUILD/kunit/kunit.log stage "7 tests fail without the fixes" check_canfail && record "7 regression tests fail on the base" PASS || record "7 regression tests fail on the base" FAIL; }

# 9 --------------------------------------------------------------------
check_stable() {
	"$TOP/scripts/stable-check.sh" ${STABLE_BASES:-6.12 6.1}
}
want 9 && { STAGE_LOG=$BUILD/stable-6.1/last.log stage "9 stable: LTS apply and W=1 build" check_stable && record "9 stable patches on 6.12 and 6.1" PASS || record "9 stable patches on 6.12 and 6.1" FAIL; }

# 10 -------------------------------------------------------------------
want 10 && { stage "10 harness: apt failure tolerated" "$TOP/scripts/test-prereqs.sh" && record "10 prerequisites survive a broken source" PASS || record "10 prerequisites survive a broken source" FAIL; }

# 11 -------------------------------------------------------------------
want 11 && { stage "11 send-prep: identity, trailers, recipients" "$TOP/scripts/test-send-prep.sh" && record "11 send-prep mails (nothing sent)" PASS || record "11 send-prep mails (nothing sent)" FAIL; }

# 12 -------------------------------------------------------------------
# Not scripts/kunit.sh: no debug fragment, no --arch, only the suite's own
# .kunitconfig, so that what README and the patch promise is what runs.
check_kunit_uml() {
	local out=$BUILD/kunit-uml
	mkdir -p "$out"
	rm -f "$out/kunit.json" "$out/test.log"
	( cd "$SERIES_TREE" && python3 tools/testing/kunit/kunit.py run \
		--kunitconfig=sound/core/tests --build_dir="$out" --jobs="$JOBS" \
		--make_options "CC=ccache gcc" --json="$out/kunit.json" ) >"$out/kunit.log" 2>&1
	local rc=$?
	grep -aE '(Testing complete|\[(PASSED|FAILED|SKIPPED|CRASHED)\] snd_dmaengine_pcm ) ' "$out/kunit.log"
	[ $rc -eq 0 ] || { echo "kunit.py exit $rc"; tail -n 30 "$out/kunit.log"; return 1; }
	# Linux 6.12's kunit arch_uml.config sets UML_PCI_OVER_VIRTIO without
	# a device ID, and um_pci_init() then WARNs "No virtio device ID
	# configured for PCI" at boot (BASE=6.12); mainline's config no longer
	# sets it. Not the series' code: listed, not counted.
	python3 "$TOP/scripts/kunit-summary.py" "$out/kunit.json" "$out/test.log" \
		--known-splat 'at arch/um/drivers/virt-pci\.c:[0-9]+ um_pci_init\+'
}
want 12 && { STAGE_LOG=$BUILD/kunit-uml/kunit.log stage "12 kunit on UML: pcm_dmaengine suite, kunit.py defaults" check_kunit_uml && record "12 pcm_dmaengine suite on UML" PASS || record "12 pcm_dmaengine suite on UML" FAIL; }

# 16 -------------------------------------------------------------------
# The QEMU device models of qemu/patches (SDMA, SSI, AUDMUX, sgtl5000):
# qemu/build.sh builds qemu-system-arm (cached) and runs their qtests.
want 16 && { STAGE_LOG=$CACHE/qemu/build.log stage "16 qemu models: qtests" "$TOP/qemu/build.sh" test && record "16 QEMU model qtests" PASS || record "16 QEMU model qtests" FAIL; }

# 14 -------------------------------------------------------------------
# make bench is not run by make check (it takes minutes of QEMU and its
# figures are no pass/fail), but its trees must not rot: the benchmark
# patch must apply to both and compile against the driver, the model and
# the fake DMA controller of the current series. Only drivers/dma/ is
# built, in make bench's own build directories and worktree, so that a
# later make bench starts from these objects.
want 14 && { STAGE_LOG=$BUILD/bench-check.log stage "14 bench trees: apply, build drivers/dma/" "$TOP/scripts/bench.sh" --build-check && record "14 make bench trees build" PASS || record "14 make bench trees build" FAIL; }

# 15 -------------------------------------------------------------------
# The semantic patch of the series (scripts/coccinelle/api/
# dma_terminate_restart.cocci, patch 0022) runs with Debian's coccinelle
# over the untouched base's drivers/ and sound/: it must find the known
# cases (the imx UART, mxcmmc, fsl_asrc_dma, 8250_omap) and leave out
# pcm_dmaengine, and on the default base give the committed report
# (Documentation/coccinelle/), the wall time aside.
check_cocci() {
	local p d rep out rc=0 f desc=
	p=$(series_files | grep -- '-coccinelle-api-find-DMA-channels-restarted-' | head -1)
	[ -n "$p" ] || { echo "no coccinelle patch in patches/series"; return 1; }
	d=$(mktemp -d)
	( cd "$d" && git apply --include='scripts/coccinelle/*' "$p" ) || { rm -rf "$d"; return 1; }
	prepare_tree cocci -- || { rm -rf "$d"; return 1; }
	out=$BUILD/cocci-report.txt
	rep=$TOP/Documentation/coccinelle/dma_terminate_restart-$BASE.txt
	# The committed report's tree line on the default base; on another
	# base cocci-report.sh names the tree from its Makefile.
	[ "$BASE" = "$DEFAULT_BASE" ] && [ -z "${KERNEL_SRC:-}" ] &&
		desc=$(sed -n 's/^# tree: //p' "$rep")
	COCCI=$d/scripts/coccinelle/api/dma_terminate_restart.cocci JOBS=$JOBS \
		"$TOP/scripts/cocci-report.sh" "$(tree_dir cocci)" "$out" ${desc:+"$desc"} ||
		{ rm -rf "$d"; return 1; }
	rm -rf "$d"
	sed -n 's/^# \(hits: .*\)/\1/p' "$out"
	for f in drivers/tty/serial/imx.c drivers/mmc/host/mxcmmc.c \
		sound/soc/fsl/fsl_asrc_dma.c drivers/tty/serial/8250/8250_omap.c; do
		grep -q "^$f:" "$out" && echo "  found: $f" || { echo "  NOT found: $f"; rc=1; }
	done
	grep -q '^sound/core/pcm_dmaengine.c:' "$out" &&
		{ echo "  reported, but it synchronizes: sound/core/pcm_dmaengine.c"; rc=1; }
	if [ -n "$desc" ]; then
		diff -u <(grep -v '^# wall time:' "$rep") <(grep -v '^# wall time:' "$out") ||
			{ echo "the report differs from $rep"; rc=1; }
		[ $rc -eq 0 ] && echo "  same report as ${rep#"$TOP"/}"
	fi
	return $rc
}
want 15 && { stage "15 coccinelle: the semantic patch over the base" check_cocci && record "15 coccinelle report on the base" PASS || record "15 coccinelle report on the base" FAIL; }

echo
echo "Check results:"
# In check order (8 and 13 run before 7).
while IFS='|' read -r n s; do
	printf '  %-44s %s\n' "$n" "$s"
done < <(printf '%s\n' "${RESULTS[@]}" | sort -n -s -k1,1)
print_timings
echo "$pass passed, $failn failed"
[ $failn -eq 0 ]
