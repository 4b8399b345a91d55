#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the sparse that check 5 runs, and print its path.
#
# Linux 7.3's Kbuild runs the checker only if scripts/checker-valid.sh
# accepts it, and that needs __typeof_unqual__, which Debian 12's sparse
# (0.6.4) lacks: with it, `make C=2` prints one make warning ("sparse is
# not available or not up to date") and checks nothing. Debian's sid has
# a sparse that knows it (0.6.5~rc1 when this was written), but its
# binary needs a newer glibc than Debian 12's. So the newest sparse
# source of $SPARSE_SUITE (default sid) is fetched through a private apt
# configuration with only a deb-src line (the machine's sources are not
# touched) and the sparse binary alone is built with the host's gcc into
# $CACHE/sparse/VERSION/, once. Without network, the newest cached build
# is used.
#
# Usage: scripts/build-sparse.sh TREE   (TREE: a kernel tree whose
#        scripts/checker-valid.sh must accept the result)

. "$(dirname "$0")/lib.sh"

TREE=${1:?usage: build-sparse.sh TREE}
SUITE=${SPARSE_SUITE:-sid}
SCACHE=$CACHE/sparse
mkdir -p "$SCACHE"

# valid BIN: BIN runs, and the tree's own test of the checker accepts it.
valid() {
	"$1" --version >/dev/null 2>&1 &&
		[ "$(cd "$TREE" && sh scripts/checker-valid.sh "$1" --arch=arm -mlittle-endian -m32)" = 1 ]
}

conf=$(private_apt_config "$SCACHE/apt/$SUITE" "$SUITE" deb-src) || exit 1
ver=
if APT_CONFIG=$conf apt-get update -q >"$SCACHE/apt-update.log" 2>&1; then
	ver=$(APT_CONFIG=$conf apt-cache showsrc sparse 2>/dev/null |
		awk '$1 == "Version:" { print $2 }' | sort -V | tail -1)
fi
if [ -z "$ver" ]; then
	bin=$(ls -d "$SCACHE"/build/*/sparse 2>/dev/null | sort -V | tail -1)
	[ -n "$bin" ] || die "apt-get update of $SUITE failed ($SCACHE/apt-update.log) and no cached sparse"
	echo "build-sparse.sh: apt-get update failed; using the cached $bin" >&2
else
	dir=$SCACHE/build/${ver#*:}
	bin=$dir/sparse
	if [ ! -x "$bin" ]; then
		echo "build-sparse.sh: building sparse $ver from $SUITE's source" >&2
		rm -rf "$dir" "$SCACHE/dl"
		mkdir -p "$SCACHE/dl" "$SCACHE/build"
		(cd "$SCACHE/dl" && APT_CONFIG=$conf apt-get source -q --download-only "sparse=$ver") \
			>"$SCACHE/source.log" 2>&1 || die "apt-get source sparse=$ver failed ($SCACHE/source.log)"
		dpkg-source -x --no-check "$SCACHE"/dl/sparse_*.dsc "$dir" >>"$SCACHE/source.log" 2>&1 ||
			die "dpkg-source -x failed ($SCACHE/source.log)"
		# Debian's packaging names its own compiler (CC = gcc-N in the
		# Makefile); the host's gcc builds it. Only the sparse binary is
		# needed: no c2xml, semind, test-inspect or sparse-llvm.
		make -C "$dir" -j"$JOBS" CC=gcc HAVE_LIBXML=no HAVE_SQLITE=no HAVE_GTK=no \
			HAVE_LLVM=no sparse >"$dir.log" 2>&1 || die "building sparse failed ($dir.log)"
	fi
fi
valid "$bin" || die "$bin does not pass $TREE/scripts/checker-valid.sh"
echo "$bin"
