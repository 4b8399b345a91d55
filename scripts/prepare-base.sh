#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Make the cached base kernel repository from Debian's linux-source-6.12:
# one commit named after the exact version, tagged. Rebuilt when missing
# or when the installed package version differs from the cached one.
#
# Usage: scripts/prepare-base.sh [PKG]   (PKG defaults to linux-source-6.12)

. "$(dirname "$0")/lib.sh"

PKG=${1:-${BASE_PKG:-linux-source-6.12}}
SERIES=${PKG#linux-source-}
REPO=$CACHE/linux-base-$SERIES

pkgver=$(dpkg-query -W -f='${Version}' "$PKG" 2>/dev/null) ||
	die "$PKG is not installed (apt-get install $PKG)"
tarball=/usr/src/$PKG.tar.xz
[ -f "$tarball" ] || die "$tarball missing: reinstall $PKG"

stamp=$REPO/.git/sdma-series-pkgver
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$pkgver" ] &&
   git -C "$REPO" rev-parse -q --verify "refs/tags/$(cat "$REPO/.git/sdma-series-tag")" >/dev/null; then
	echo "base tree up to date: $REPO ($PKG $pkgver, tag $(cat "$REPO/.git/sdma-series-tag"))"
	exit 0
fi

echo "Creating base tree from $tarball ($pkgver) in $REPO"
rm -rf "$REPO" "$REPO.tmp"
mkdir -p "$REPO.tmp"
tar -C "$REPO.tmp" -xf "$tarball" || die "tar failed"
mv "$REPO.tmp/$PKG" "$REPO" && rmdir "$REPO.tmp"

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
git add -A . || die "git add failed"
git commit -q -m "Linux $kver (Debian $PKG $pkgver)" \
	-m "Unpacked from $tarball. The only change to the tarball: the two
Debian packaging lines at the end of .gitignore ('/*' and '!/debian/')
are dropped so that git sees the tree." || die "git commit failed"
tag="v$kver-debian"
git tag -f "$tag" >/dev/null
echo "$tag" >.git/sdma-series-tag
echo "$pkgver" >"$stamp"
echo "base tree ready: $REPO at $(git rev-parse --short HEAD) tag $tag (Linux $kver)"
