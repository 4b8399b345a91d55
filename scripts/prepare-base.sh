#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Make the cached base kernel repository for a base series (7.3, the
# default, or an LTS series): one commit named after the exact Debian
# package version, tagged v<kernelversion>-debian. Rebuilt when missing or
# when the package version differs from the cached one.
#
#   7.3   mainline: Debian's linux-source-7.3 from the trixie-backports
#         suite of the archive that this machine's apt sources already use.
#         It is fetched with `apt-get download` through a private apt
#         configuration under $CACHE/apt (host architecture only, never the
#         system's sources or dpkg database) and unpacked with dpkg-deb; it
#         is never installed into the system. The newest 7.3.y is taken.
#   6.12, 6.1
#         Debian's linux-source-6.12 / -6.1 (bookworm), installed with apt
#         by harness_prereqs.
#
# Usage: scripts/prepare-base.sh [SERIES]   (default: $BASE, else 7.3)
# BASE_SUITE overrides the suite that 7.3 is looked for in.
# Prints the repository path on the last line.

. "$(dirname "$0")/lib.sh"

SERIES=${1:-${BASE:-$DEFAULT_BASE}}
PKG=linux-source-$SERIES
REPO=$CACHE/linux-base-$SERIES
# The suite of the same archive that carries each series.
case $SERIES in
7.3) SUITE=${BASE_SUITE:-trixie-backports} ;;
6.12|6.1) SUITE= ;;
*) die 2 "BASE=$SERIES: unknown base (7.3, 6.12 or 6.1)" ;;
esac

if [ -n "$SUITE" ]; then
	# A private apt configuration ($CACHE/apt/SUITE) with one deb line for
	# SUITE; .debs are downloaded into its debs/.
	conf=$(private_apt_config "$CACHE/apt/$SUITE" "$SUITE" deb) || exit 1
	mkdir -p "$CACHE/apt/$SUITE/debs" || die "cannot create $CACHE/apt/$SUITE/debs"
	echo "Looking for $PKG in $SUITE (private apt configuration $conf)"
	APT_CONFIG=$conf apt_update_tolerant
	pkgver=$(APT_CONFIG=$conf apt-cache policy "$PKG" 2>/dev/null | awk '$1 == "Candidate:" { print $2 }')
	[ -n "$pkgver" ] && [ "$pkgver" != "(none)" ] ||
		die "$PKG not found in the $SUITE suite of $(grep -o 'http[^ ]*' "$CACHE/apt/$SUITE/sources.list") (apt-cache policy $PKG with $conf)"
else
	pkgver=$(dpkg-query -W -f='${Version}' "$PKG" 2>/dev/null) ||
		die "$PKG is not installed (apt-get install $PKG)"
fi

stamp=$REPO/.git/sdma-series-pkgver
# Bumped when the import changes: a tree imported the old way is redone.
FORMAT=2
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$pkgver format $FORMAT" ] &&
   git -C "$REPO" rev-parse -q --verify "refs/tags/$(cat "$REPO/.git/sdma-series-tag")" >/dev/null; then
	echo "base tree up to date: $REPO ($PKG $pkgver, tag $(cat "$REPO/.git/sdma-series-tag"))"
	echo "$REPO"
	exit 0
fi

rm -rf "$REPO" "$REPO.tmp"
mkdir -p "$REPO.tmp"
if [ -n "$SUITE" ]; then
	debdir=$CACHE/apt/$SUITE/debs
	rm -f "$debdir"/*.deb
	( cd "$debdir" && APT_CONFIG=$conf apt-get download -q "$PKG=$pkgver" ) ||
		die "apt-get download $PKG=$pkgver from $SUITE failed"
	deb=$(ls "$debdir"/*.deb) || die "no .deb for $PKG in $debdir"
	echo "Creating base tree from $(basename "$deb") in $REPO"
	dpkg-deb --fsys-tarfile "$deb" | tar -xO "./usr/src/$PKG.tar.xz" | tar -C "$REPO.tmp" -xJ ||
		die "cannot unpack /usr/src/$PKG.tar.xz from $deb"
	rm -f "$deb"
	from="$PKG $pkgver ($SUITE, apt-get download)"
else
	tarball=/usr/src/$PKG.tar.xz
	[ -f "$tarball" ] || die "$tarball missing: reinstall $PKG"
	echo "Creating base tree from $tarball ($pkgver) in $REPO"
	tar -C "$REPO.tmp" -xf "$tarball" || die "tar failed"
	from=$tarball
fi
mv "$REPO.tmp/$PKG" "$REPO" && rmdir "$REPO.tmp" || die "unexpected layout of $PKG"

cd "$REPO" || die "cannot enter $REPO"
kver=$(make -s kernelversion 2>/dev/null) || die "cannot read kernel version"

# The Debian tarball's .gitignore ends with '/*' and '!/debian/' (for its
# own packaging); it would hide every file of the tree from git. Drop them.
sed -i -e '/^\/\*$/d' -e '/^!\/debian\/$/d' .gitignore

git init -q -b base
git config user.name "sdma-series harness"
git config user.email "harness@localhost"
git config core.abbrev 12
git config gc.auto 0
# -f: Debian's top-level .gitignore lacks the kernel's exceptions for
# dot-files ('!.gitignore', '!.kunitconfig', '!.mailmap', ...), so without
# it the commit would miss every .gitignore, .kunitconfig and .mailmap,
# which upstream tracks and patches modify. A fresh tarball holds no
# build output, so forcing adds exactly the tarball's files.
git add -f -A . || die "git add failed"
git commit -q -m "Linux $kver (Debian $PKG $pkgver)" \
	-m "Unpacked from $from. The only change to the tarball: the two
Debian packaging lines at the end of .gitignore ('/*' and '!/debian/')
are dropped so that git sees the tree. Dot-files are added too." || die "git commit failed"
tag="v$kver-debian"
git tag -f "$tag" >/dev/null
echo "$tag" >.git/sdma-series-tag
echo "$pkgver format $FORMAT" >"$stamp"
echo "base tree ready: $REPO at $(git rev-parse --short HEAD) tag $tag (Linux $kver)"
echo "$REPO"
