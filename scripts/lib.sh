# SPDX-License-Identifier: GPL-2.0
# Shared helpers for the harness scripts. Source it, do not run it.
#
# Everything the harness creates lives under $CACHE (default
# ~/.cache/imx-sdma-series), outside the tracked files.

set -o pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE=${SDMA_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/imx-sdma-series}
BASE_REPO=$CACHE/linux-base
WORK=$CACHE/work
BUILD=$CACHE/build
LOGS=$CACHE/logs
CROSS=arm-linux-gnueabihf-
JOBS=${JOBS:-$(nproc)}
# The base of the series: mainline (Debian's linux-source-7.3) unless
# BASE=6.12 selects the LTS tree. KERNEL_SRC= overrides both.
DEFAULT_BASE=7.3
BASE=${BASE:-$DEFAULT_BASE}
# The worktrees and build directories of the default base are work/ and
# build/. Another base has its own (work-6.12/, build-6.12/), and so has a
# KERNEL_SRC tree (set in resolve_base): a worktree is never reset to a
# commit its repository lacks, and switching bases never rebuilds the
# other base's kernels. The LTS trees of the stable check (check 9) do not
# depend on BASE and stay in work/ and build/ (SHARED_WORK, SHARED_BUILD).
SHARED_WORK=$WORK SHARED_BUILD=$BUILD
if [ -z "${KERNEL_SRC:-}" ] && [ "$BASE" != "$DEFAULT_BASE" ]; then
	WORK=$CACHE/work-$BASE BUILD=$CACHE/build-$BASE
fi

export CCACHE_DIR=${CCACHE_DIR:-$CACHE/ccache}
export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-8G}
# Several worktrees of the same kernel share one ccache: hash relative paths.
export CCACHE_NOHASHDIR=1
export CCACHE_SLOPPINESS=${CCACHE_SLOPPINESS:-time_macros,include_file_mtime,include_file_ctime}
export KBUILD_BUILD_USER=sdma-series KBUILD_BUILD_HOST=harness
# The fragment that check 6, the boot kernel (scripts/build-imx6.sh) and
# check 7's sets add to Kbuild/kunit-debug.config: the sabrelite audio
# path and the irqsoff tracer. Passed to scripts/kunit.sh as an extra
# kunit.py argument; check 7's stamps hash it too.
BOOT_KCONFIG=$TOP/Kbuild/boot-audio.config

mkdir -p "$CACHE" "$LOGS"

# Timings of the stages, printed by print_timings: those of this process
# and of every harness script it runs (build-imx6.sh, boot-qemu.sh, ...),
# which append theirs to the same file. The first script of a run creates
# it. STAGE_DEPTH is how deeply the current stage is nested in others.
if [ -z "${STAGE_TIMES_FILE:-}" ]; then
	STAGE_TIMES_FILE=$(mktemp "${TMPDIR:-/tmp}/sdma-stages.XXXXXX")
	STAGE_TIMES_OWNER=$$
	export STAGE_TIMES_FILE
fi
export STAGE_DEPTH=${STAGE_DEPTH:-0}
# Heartbeats of the stages in progress: a stage that ends in die/exit
# must not leave its heartbeat running (it would hold the terminal, or a
# pipe the caller reads, for ever).
HEARTBEATS=()
trap '[ ${#HEARTBEATS[@]} -eq 0 ] || kill "${HEARTBEATS[@]}" 2>/dev/null
      [ "${STAGE_TIMES_OWNER:-}" = $$ ] && rm -f "$STAGE_TIMES_FILE"' EXIT

die() {
	# One line, to stderr, then exit with the given code (default 1).
	local rc=1
	if [[ $1 =~ ^[0-9]+$ ]]; then rc=$1; shift; fi
	echo "error: $*" >&2
	exit "$rc"
}

now() { date +%s.%N; }

fmt_secs() { awk -v s="$1" 'BEGIN { printf "%dm%04.1fs", s / 60, s - int(s / 60) * 60 }'; }

# stage NAME CMD...: run CMD as a named stage, print its wall time.
# Output of CMD goes to the terminal. A heartbeat line is printed every
# 60 s so that a long build is never silent.
stage() {
	local name=$1; shift
	local t0 rc hb
	t0=$(now)
	echo "==> [$name] start $(date +%T)"
	# The heartbeat must not keep the cache lock (fd 9), and its sleep
	# must end with it, or it would hold stdout for up to a minute.
	( exec 9>&-
	  s=""
	  trap '[ -n "$s" ] && kill "$s" 2>/dev/null; exit 0' TERM
	  while :; do
		sleep 60 & s=$!
		wait "$s"
		local last=""
		[ -n "${STAGE_LOG:-}" ] && [ -f "$STAGE_LOG" ] &&
			last=": $(tail -n 1 "$STAGE_LOG" | cut -c1-70)"
		echo "    ... [$name] still running, $(fmt_secs "$(echo "$(now) - $t0" | bc)")$last"
	  done ) &
	hb=$!
	HEARTBEATS+=("$hb")
	STAGE_DEPTH=$((STAGE_DEPTH + 1)) "$@"
	rc=$?
	kill "$hb" 2>/dev/null; wait "$hb" 2>/dev/null
	unset 'HEARTBEATS[-1]'
	local dt
	dt=$(echo "$(now) - $t0" | bc)
	echo "$STAGE_DEPTH|$name|$(fmt_secs "$dt")|$rc" >>"$STAGE_TIMES_FILE"
	echo "<== [$name] $( [ $rc -eq 0 ] && echo done || echo "FAILED (rc=$rc)") in $(fmt_secs "$dt")"
	return $rc
}

# quiet_log LOGFILE CMD...: run CMD with its output in LOGFILE; on failure
# print the last 40 lines.
quiet_log() {
	local log=$1; shift
	if "$@" >"$log" 2>&1; then
		return 0
	fi
	local rc=$?
	echo "---- last lines of $log ----"
	tail -n 40 "$log"
	return $rc
}

print_timings() {
	# Only the script that started the run prints: a harness script that
	# another runs (lava.sh in check 13) leaves it to that one.
	[ "${STAGE_TIMES_OWNER:-}" = $$ ] && [ -s "$STAGE_TIMES_FILE" ] || return 0
	echo
	echo "Stage timings (a stage nested in another is indented and listed before it):"
	local d n t r
	while IFS='|' read -r d n t r; do
		printf '  %-*s%-*s %10s  %s\n' $((2 * d)) '' $((50 - 2 * d)) "$n" "$t" \
			"$( [ "$r" -eq 0 ] && echo ok || echo "rc=$r")"
	done <"$STAGE_TIMES_FILE"
}
# private_apt_config DIR SUITE TYPE...: see scripts/apt-private.sh.
. "$TOP/scripts/apt-private.sh"

# apt_update_tolerant [APT-GET OPTIONS...]: apt-get update, retried
# (APT_UPDATE_TRIES, default 3, APT_RETRY_PAUSE seconds apart, default 5).
# A failure is only a warning, with the apt error lines: an index that does
# not match its Release file ("Mirror sync in progress?") or an unreachable
# extra source must not stop the harness while the packages it needs are
# still installable. The caller judges that from the install itself.
apt_update_tolerant() {
	local try tries=${APT_UPDATE_TRIES:-3} out
	for ((try = 1; try <= tries; try++)); do
		if out=$(apt-get "$@" update 2>&1); then
			[ "$try" -gt 1 ] && echo "apt-get update: succeeded at try $try of $tries"
			return 0
		fi
		echo "warning: apt-get update failed (try $try of $tries):"
		echo "$out" | grep -E '^(E|W|Err):' | head -8 | sed 's/^/    /'
		[ "$try" -lt "$tries" ] && sleep "${APT_RETRY_PAUSE:-5}"
	done
	echo "warning: going on with the package lists apt has; what needs a package fails if it is missing"
	return 0
}

# ensure_armhf: the kselftest is cross-built against Debian's armhf
# alsa-lib, so dpkg must know the armhf architecture before the one
# update that need_pkgs runs.
ensure_armhf() {
	dpkg --print-foreign-architectures | grep -qx armhf && return 0
	[ "$(id -u)" -eq 0 ] || die "need root to add the armhf architecture (dpkg --add-architecture armhf)"
	echo "dpkg --add-architecture armhf"
	dpkg --add-architecture armhf || die "dpkg --add-architecture armhf failed"
}

# need_pkgs PKG...: apt-get install the Debian packages that are missing
# (PKG:ARCH for a foreign architecture). The package lists are updated
# once, tolerantly (apt_update_tolerant); only a failed install is an
# error, and its one line names the packages and apt's error lines.
# APT_CONFIG, when set, is used by every apt call (the harness's own test
# of this step uses a private configuration). NEED_PKGS_SIMULATE=1 resolves
# the install (apt-get -s) without changing the system: for that test.
need_pkgs() {
	local missing=() p
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
			missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && { echo "prerequisites: all ${#} Debian packages installed"; return 0; }
	echo "Installing Debian packages: ${missing[*]}"
	[ "$(id -u)" -eq 0 ] || die "need root to apt-get install: ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt_update_tolerant
	local sim=() out
	[ -n "${NEED_PKGS_SIMULATE:-}" ] && sim=(-s)
	if ! out=$(apt-get install -y -qq --no-install-recommends "${sim[@]}" "${missing[@]}" 2>&1); then
		die "apt-get install failed for: ${missing[*]}: $(echo "$out" | grep -E '^E:' | head -3 | paste -sd' ')"
	fi
	[ -n "${sim[*]}" ] && echo "simulated: apt-get install -s ${missing[*]}: resolvable"
	return 0
}

# debs_extract DEST PKG[:ARCH]...: unpack Debian packages into DEST
# (dpkg-deb -x) without installing them: the armhf user space of the
# initramfs (busybox-static, alsa-utils) and LAVA's own code (scripts/
# lava.sh). The .deb files are fetched with apt-get download into
# $CACHE/debs, once per candidate version.
debs_extract() {
	local dest=$1; shift
	local dir=$CACHE/debs p ver f
	mkdir -p "$dir" "$dest" || return 1
	for p in "$@"; do
		ver=$(apt-cache policy "$p" 2>/dev/null | sed -n 's/^  Candidate: //p')
		if [ -z "$ver" ] || [ "$ver" = "(none)" ]; then
			echo "no installable version of $p (apt-cache policy $p)"
			return 1
		fi
		f=$(ls "$dir/${p%%:*}_${ver//:/%3a}_"*.deb 2>/dev/null | head -1)
		if [ -z "$f" ]; then
			# (apt warns that _apt cannot write here: the download
			# then runs as root, which is what is wanted)
			(cd "$dir" && apt-get download "$p=$ver") >"$dir/download.log" 2>&1 ||
				{ echo "apt-get download $p=$ver failed:"; grep -E '^(E|Err):' "$dir/download.log" | head -3; return 1; }
			f=$(ls "$dir/${p%%:*}_${ver//:/%3a}_"*.deb 2>/dev/null | head -1)
			[ -n "$f" ] || { echo "apt-get download $p=$ver: no .deb in $dir"; return 1; }
		fi
		dpkg-deb -x "$f" "$dest" || return 1
		echo "  $(basename "$f")"
	done
}

# Every Debian package that `make`, `make check`, `make bench` or `make
# send-prep` can need (git-email with its Mail::Address for send-prep),
# installed up front, before any build (armhf: the kselftest's alsa-lib).
# linux-source-6.12 and -6.1 are the stable targets (check 9) and the
# BASE=6.12 tree; mainline is downloaded by prepare-base.sh. The python3-*
# packages from jinja2 on are what Debian's lava-dispatcher and
# lava-common import (`make lava`, check 13; LAVA itself is unpacked, not
# installed: scripts/lava.sh). From build-essential on: the build
# dependencies of qemu/build.sh (its BUILD_DEPS), which builds the
# qemu-system-arm of the boot (qemu-system-arm above stays: check 6's
# kunit.py runs Debian's).
HARNESS_PKGS=(linux-source-6.12 linux-source-6.1 gcc-arm-linux-gnueabihf
	libc6-dev-armhf-cross binutils-arm-linux-gnueabihf
	qemu-system-arm qemu-user-static flex bison bc libssl-dev libelf-dev
	sparse coccinelle ccache cpio git make gcc python3 python3-ply python3-git perl
	rsync kmod xz-utils device-tree-compiler pkg-config file dpkg-dev
	libasound2-dev:armhf libasound2-data python3-matplotlib
	git-email libmailtools-perl
	python3-jinja2 python3-yaml python3-voluptuous python3-pexpect
	python3-requests python3-configobj python3-tz python3-setproctitle
	python3-pyudev python3-netifaces python3-magic python3-aiohttp
	build-essential pkgconf ninja-build python3-venv libglib2.0-dev
	libpixman-1-dev libfdt-dev zlib1g-dev)

# harness_prereqs: the first stage of every entry point.
harness_prereqs() {
	ensure_armhf
	need_pkgs "${HARNESS_PKGS[@]}"
}

# checkpatch_each TREE DIR: read "NAME FILE" lines from stdin and run
# TREE's checkpatch.pl --strict on each FILE, $JOBS at a time, ignoring the
# types that patches/checkpatch-exceptions lists for NAME; the output goes
# to DIR/NAME.out, the ignored types to DIR/NAME.ign. Check 2 and
# send-prep.sh read the results in their own order.
checkpatch_each() {
	local tree=$1 dir=$2
	mkdir -p "$dir"
	EXC=$TOP/patches/checkpatch-exceptions TREE=$tree DIR=$dir xargs -P "$JOBS" -L1 bash -c '
		types=$( [ -f "$EXC" ] && awk -v n="$1" "\$1 == n { print \$2 }" "$EXC" | paste -sd, -)
		echo "$types" >"$DIR/$1.ign"
		# /usr/bin first: spdxcheck.py needs the python3 that has
		# Debian'"'"'s python3-ply and python3-git.
		cd "$TREE" && PATH=/usr/bin:$PATH scripts/checkpatch.pl --strict --no-color \
			${types:+--ignore "$types"} "$2" >"$DIR/$1.out" 2>&1' _
}

# placeholder_ident: "Name <address>" of the author of the patches in
# patches/, the repository's placeholder identity (a folded From: header).
placeholder_ident() {
	awk '/^From: / { f = 1; s = substr($0, 7); next }
		f && /^[ \t]/ { sub(/^[ \t]+/, " "); s = s $0; next } f { print s; exit }' \
		"$TOP/patches/$(series_names | head -1)"
}

# series_patch NAME: the file of series patch NAME for the current base.
# On an LTS base (BASE=6.12): patches/lts-$BASE/NAME where the rest of the
# series needs another form there, else the stable backport
# patches/stable/$BASE/NAME of a stable-tagged fix, else patches/NAME.
series_patch() {
	local d
	if [ "$BASE" != "$DEFAULT_BASE" ]; then
		for d in "lts-$BASE" "stable/$BASE"; do
			[ -f "$TOP/patches/$d/$1" ] && { echo "$TOP/patches/$d/$1"; return; }
		done
	fi
	echo "$TOP/patches/$1"
}

# postings: the lines of patches/postings/series, one per posting (one
# per tree): "ID FIRST LAST PREFIX [after ID...]".
postings() {
	sed -e 's/#.*//' -e 's/[[:space:]]*$//' "$TOP/patches/postings/series" | grep -v '^$'
}

# posting_fields LINE: sets P_ID, P_FIRST and P_LAST (patch numbers),
# P_PREFIX (the subject prefix) and P_AFTER (the postings it needs first).
posting_fields() {
	local rest
	read -r P_ID P_FIRST P_LAST rest <<<"$1"
	P_PREFIX=${rest%%  after *}
	P_AFTER=
	[[ $rest == *"  after "* ]] && P_AFTER=${rest##*  after }
	P_FIRST=$((10#$P_FIRST)) P_LAST=$((10#$P_LAST))
}

# series_names: the patch names in application order, from patches/series.
series_names() {
	sed -e 's/#.*//' -e 's/[[:space:]]*$//' "$TOP/patches/series" | grep -v '^$'
}

# series_files: the patch files in application order, for the current base.
series_files() {
	local p
	series_names | while read -r p; do series_patch "$p"; done
}

# regression_lines SET: the lines of SET in patches/regression-tests ("set
# NAME", then "series", "patch FILE", "filter GLOB" and "fail SUITE.CASE"
# lines), comments and blank lines removed, as "KEYWORD REST", in file
# order. The one parser of that file.
regression_lines() {
	sed -e 's/#.*//' -e 's/[[:space:]]*$//' "$TOP/patches/regression-tests" |
		awk -v want="$1" '$1 == "set" { set = $2; next } set == want && NF'
}

# regression_sets [SET KEYWORD]: without arguments, the set names in file
# order; with them, the arguments of SET's KEYWORD lines (the whole rest
# of the line: case names may contain spaces), one per line.
regression_sets() {
	if [ $# -eq 0 ]; then
		sed -e 's/#.*//' "$TOP/patches/regression-tests" | awk '$1 == "set" { print $2 }'
		return
	fi
	local kw rest
	regression_lines "$1" | while read -r kw rest; do
		[ "$kw" = "$2" ] && echo "$rest"
	done
}

# regression_patches SET: the patch files of SET in application order: the
# whole series for a "series" line, patches/FILE for "patch FILE", or FILE
# from the top of this repository when it has a directory part.
regression_patches() {
	local kw arg
	regression_lines "$1" | while read -r kw arg; do
		case "$kw:$arg" in
		series:*) series_files ;;
		patch:*/*)
			# A harness patch (tests/regression/) may have a version for an
			# LTS base in a subdirectory named after it.
			if [ "$BASE" != "$DEFAULT_BASE" ] && [ -f "$TOP/$(dirname "$arg")/$BASE/$(basename "$arg")" ]; then
				echo "$TOP/$(dirname "$arg")/$BASE/$(basename "$arg")"
			else
				echo "$TOP/$arg"
			fi ;;
		patch:*) series_patch "$arg" ;;
		esac
	done
}

# kmake SRC OUT ARGS...: ARM cross make with ccache.
kmake() {
	local src=$1 out=$2; shift 2
	make -C "$src" O="$out" ARCH=arm CROSS_COMPILE="$CROSS" \
		CC="ccache ${CROSS}gcc" HOSTCC="ccache gcc" -j"$JOBS" "$@"
}

# makefile_objs TREE: read changed file names (relative to TREE) on stdin
# and print the .o of each .c that a Makefile or Kbuild in its directory
# names. A C file that no Makefile names (for example a KUnit file
# #included by the driver, as fs/exec.c does) is compiled as part of its
# includer instead. Sources of tools/, scripts/ and Documentation/ are not
# kernel objects.
makefile_objs() {
	local tree=$1 f o
	grep -v '^tools/\|^scripts/\|^Documentation/' | grep '\.c$' |
	while read -r f; do
		o=$(basename "${f%.c}.o")
		# (grep the files directly: with pipefail, grep -q closing a pipe
		# early would make the pipeline fail)
		grep -qsF "$o" "$tree/$(dirname "$f")"/{Makefile,Kbuild} &&
			echo "${f%.c}.o"
	done
}

# arm_configure TREE OUT FRAGMENT...: imx_v6_v7_defconfig plus the
# fragments, olddefconfig and prepare in OUT, logged to OUT/prepare.log
# (its last lines printed on failure).
arm_configure() {
	local tree=$1 out=$2; shift 2
	local log=$out/prepare.log
	mkdir -p "$out"
	kmake "$tree" "$out" imx_v6_v7_defconfig >"$log" 2>&1 &&
	"$tree/scripts/kconfig/merge_config.sh" -m -O "$out" "$out/.config" "$@" >>"$log" 2>&1 &&
	kmake "$tree" "$out" olddefconfig >>"$log" 2>&1 &&
	STAGE_LOG=$log quiet_log "$log" kmake "$tree" "$out" prepare
}

# objs_warnings TREE OUT EXTRA_MAKE_ARGS -- OBJ...: build the objects
# (forced), print normalised warnings (file: warning text, no line
# numbers), one per line, and "build failed: OBJ" for an object that
# should build and did not. Objects whose source does not exist in TREE,
# or that this configuration does not build at all (no Kbuild rule), are
# skipped and listed in OUT/skipped.txt.
objs_warnings() {
	local tree=$1 out=$2; shift 2
	local args=() objs=() o
	while [ "$1" != -- ]; do args+=("$1"); shift; done; shift
	for o in "$@"; do
		[ -f "$tree/${o%.o}.c" ] && objs+=("$o")
	done
	[ ${#objs[@]} -eq 0 ] && return 0
	for o in "${objs[@]}"; do rm -f "$out/$o"; done
	kmake "$tree" "$out" -k "${args[@]}" "${objs[@]}" >"$out/last.log" 2>&1
	grep -E '(warning|error):' "$out/last.log" |
		sed -E -e "s|^$tree/||" -e 's|^\.\./||' -e 's/:[0-9]+:[0-9]+:/:/' -e 's/:[0-9]+:/:/' |
		sort -u
	for o in "${objs[@]}"; do
		[ -f "$out/$o" ] && continue
		if grep -q "No rule to make target '$o'" "$out/last.log"; then
			echo "$o" >>"$out/skipped.txt"
		else
			echo "build failed: $o"
		fi
	done
}

# resolve_base: set SRC_REPO, BASE_REF and BASE_DESC, from KERNEL_SRC when
# given (validated; exit 2 on bad input, 3 on a dirty tree), else from the
# cached Debian tree (created when missing).
resolve_base() {
	if [ -n "${KERNEL_SRC:-}" ]; then
		local ks=$KERNEL_SRC
		[ -e "$ks" ] || die 2 "KERNEL_SRC=$ks: no such file or directory"
		[ -d "$ks" ] || die 2 "KERNEL_SRC=$ks: not a directory"
		local top
		top=$(git -C "$ks" rev-parse --show-toplevel 2>/dev/null) ||
			die 2 "KERNEL_SRC=$ks: not a git work tree"
		[ "$(cd "$ks" && pwd -P)" = "$(cd "$top" && pwd -P)" ] ||
			die 2 "KERNEL_SRC=$ks: not the top of a git work tree (top is $top)"
		[ -f "$top/Makefile" ] && [ -f "$top/drivers/dma/dmaengine.c" ] ||
			die 2 "KERNEL_SRC=$ks: not a Linux kernel tree (no drivers/dma/dmaengine.c)"
		git -C "$top" rev-parse -q --verify HEAD >/dev/null ||
			die 2 "KERNEL_SRC=$ks: no commit checked out"
		[ -z "$(git -C "$top" status --porcelain --untracked-files=no)" ] ||
			die 3 "KERNEL_SRC=$ks: work tree has uncommitted changes; commit or stash them first"
		SRC_REPO=$top
		BUILD=$SHARED_BUILD/ksrc-$(echo "$SRC_REPO" | md5sum | cut -c1-8)
		BASE_REF=$(git -C "$top" rev-parse HEAD)
		BASE_DESC="KERNEL_SRC $top at $(git -C "$top" log -1 --format='%h (%s)' HEAD)"
	else
		local out
		out=$("$TOP/scripts/prepare-base.sh" "$BASE" 2>&1) || { echo "$out" | tail -5 >&2; die "cannot prepare the base tree (BASE=$BASE)"; }
		echo "$out" | grep -E '^(warning|Looking|Creating|base tree)' | sed 's/^/  /'
		SRC_REPO=$CACHE/linux-base-$BASE
		BASE_REF=$(cat "$SRC_REPO/.git/sdma-series-tag")
		BASE_DESC="$(git -C "$SRC_REPO" log -1 --format=%s "$BASE_REF") [$BASE_REF]"
	fi
}

# tree_dir NAME: where worktree NAME of the current base lives.
tree_dir() {
	if [ -n "${KERNEL_SRC:-}" ]; then
		echo "$WORK/ksrc-$(echo "$SRC_REPO" | md5sum | cut -c1-8)-$1"
	else
		echo "$WORK/$1"
	fi
}

# prepare_tree NAME [PATCH...|--]: make worktree NAME at BASE_REF and git am
# the given patches (default: the whole series; "--": none). Sets TREE. An existing
# worktree is reused (so that unchanged files keep their mtimes for
# incremental builds). On a patch that does not apply: one-line error
# naming the patch and the file, git am --abort, exit 4.
prepare_tree() {
	local name=$1; shift
	local patches=("$@")
	# "--" alone: the base tree, no patch.
	if [ "${patches[*]}" = -- ]; then
		patches=()
	elif [ ${#patches[@]} -eq 0 ]; then
		mapfile -t patches < <(series_files)
	fi
	TREE=$(tree_dir "$name")
	local branch=sdma-series/$name

	local old='' saved=''
	if [ -d "$TREE" ] && git -C "$TREE" rev-parse -q --verify HEAD >/dev/null 2>&1; then
		git -C "$TREE" am --abort >/dev/null 2>&1
		# The reset and git am below rewrite every file the old and the
		# new state change, also those whose content ends up the same:
		# their mtimes are put back afterwards (keep_mtimes), so that a
		# build recompiles only what differs (for check 7's sets, every
		# user of <linux/dmaengine.h> would be rebuilt otherwise).
		old=$(git -C "$TREE" rev-parse HEAD)
		saved=$(mktemp)
		git -C "$TREE" diff --name-only "$BASE_REF" "$old" -- 2>/dev/null |
			(cd "$TREE" && while read -r f; do
				[ -f "$f" ] && echo "$(stat -c %.9Y "$f") $f"; done) >"$saved"
		git -C "$TREE" checkout -q -f -B "$branch" "$BASE_REF" ||
			die "cannot reset worktree $TREE"
		git -C "$TREE" clean -q -fdx
	else
		rm -rf "$TREE"
		git -C "$SRC_REPO" worktree prune
		git -C "$SRC_REPO" worktree add -q -f -B "$branch" "$TREE" "$BASE_REF" ||
			die "cannot create worktree $TREE from $SRC_REPO"
	fi
	[ ${#patches[@]} -eq 0 ] && { keep_mtimes "$old" "$saved"; return 0; }

	local id=()
	git -C "$TREE" config user.name >/dev/null || id+=(-c "user.name=sdma-series harness")
	git -C "$TREE" config user.email >/dev/null || id+=(-c "user.email=harness@localhost")
	# One git am per file, so that a failure names the file that failed,
	# also when it is not a mail at all (git am then stops before any
	# "Patch failed at" line), with git am's own reason.
	local out p
	for p in "${patches[@]}"; do
		out=$(git -C "$TREE" "${id[@]}" am --keep-cr "$p" 2>&1) && continue
		local why
		why=$(echo "$out" | grep -E '^(error|fatal):|^Patch format detection failed|^Patch is empty|does not apply' |
			grep -v '^error: could not build fake ancestor' | head -3 | paste -sd ';' -)
		git -C "$TREE" am --abort >/dev/null 2>&1
		if [ -n "${KERNEL_SRC:-}" ]; then
			# Leave the user's repository as it was: no worktree, no branch.
			git -C "$SRC_REPO" worktree remove -f "$TREE" >/dev/null 2>&1
			git -C "$SRC_REPO" branch -q -D "$branch" >/dev/null 2>&1
		fi
		rm -f "$saved"
		die 4 "patch $(basename "$p") does not apply to $(git -C "$SRC_REPO" rev-parse --short=12 "$BASE_REF" 2>/dev/null) with the patches before it: git am: ${why:-$(echo "$out" | tail -1)} (git am aborted)"
	done
	keep_mtimes "$old" "$saved"
	return 0
}

# keep_mtimes OLD SAVED: after prepare_tree moved $TREE from commit OLD to
# HEAD, give each file listed in SAVED ("mtime path" lines, taken at OLD)
# whose content is the same at HEAD its old mtime back.
keep_mtimes() {
	local old=$1 saved=$2 ts f
	[ -n "$old" ] && [ -s "$saved" ] || { rm -f "$saved"; return 0; }
	local changed
	changed=$(git -C "$TREE" diff --name-only "$old" HEAD --)
	while read -r ts f; do
		grep -qxF -- "$f" <<<"$changed" && continue
		[ -f "$TREE/$f" ] && touch -m -d "@$ts" "$TREE/$f"
	done <"$saved"
	rm -f "$saved"
	return 0
}

# build_qemu: qemu/build.sh (its progress on stderr); exports
# QEMU_SYSTEM_ARM, the path of the built qemu-system-arm.
build_qemu() {
	QEMU_SYSTEM_ARM=$("$TOP/qemu/build.sh" path) || return 1
	[ -x "$QEMU_SYSTEM_ARM" ] || { echo "qemu/build.sh path gave '$QEMU_SYSTEM_ARM'"; return 1; }
	export QEMU_SYSTEM_ARM
	echo "qemu-system-arm: $QEMU_SYSTEM_ARM"
}

# boot_series TREE OUT: stage the series' ALSA XRUN kselftest (built from
# TREE) in OUT/kselftest and boot the i.MX6 kernel built in OUT with it;
# the verdict of boot-qemu.sh is the result. Used by `make` and check 8.
boot_series() {
	local tree=$1 out=$2
	# qemu-system-arm with the device models of qemu/patches (the i.MX6
	# SDMA, SSI, AUDMUX and sgtl5000): qemu/build.sh, cached, rebuilt only
	# when qemu/patches or its configuration change. The boot runs it with
	# the sgtl5000 card playing into OUT/boot.wav (boot-qemu.sh).
	STAGE_LOG=$CACHE/qemu/build.log stage "qemu: qemu-system-arm with qemu/patches (qemu/build.sh)" build_qemu || return 1
	stage "kselftest: cross-build and stage" \
		"$TOP/scripts/kselftest-initramfs.sh" "$tree" "$out/kselftest" || return 1
	"$TOP/scripts/boot-qemu.sh" "$tree" "$out" "$out/kselftest/rootfs"
}

# lock_cache: one harness run at a time per cache (the worktrees and build
# directories are shared); a second run fails at once with a clear error.
lock_cache() {
	# A harness script run by one that holds the lock (send-prep.sh from
	# check 11) shares it.
	[ "${SDMA_CACHE_LOCKED:-}" = "$CACHE" ] && return 0
	exec 9>"$CACHE/.lock"
	flock -n 9 || die 5 "another harness run is using $CACHE (lock $CACHE/.lock); wait for it or set SDMA_CACHE"
	export SDMA_CACHE_LOCKED=$CACHE
}
