#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Export a kernel branch as the series: git format-patch BASE..BRANCH into
# patches/ (numbered, with the cover letter from patches/cover-letter.txt
# when present) and regenerate patches/series. Developer tool; the
# patches/ directory stays the single source of truth.
#
# Usage: scripts/export-series.sh TREE [BASE]   (BASE default: the base tag)

. "$(dirname "$0")/lib.sh"

T=${1:?usage: export-series.sh TREE [BASE]}
B=${2:-$(cat "$CACHE/linux-base-6.12/.git/sdma-series-tag")}
n=$(git -C "$T" rev-list --count "$B..HEAD") || die "bad tree or base"
[ "$n" -gt 0 ] || die "no commits between $B and HEAD"
# Keep the comments (grouping) of the old series file only as a header.
hdr=$(sed -n '1,/^[^#]/{/^#/p}' "$TOP/patches/series")
find "$TOP/patches" -maxdepth 1 -name '[0-9][0-9][0-9][0-9]-*.patch' ! -name '0000-*' -delete
git -C "$T" -c core.abbrev=12 format-patch -q --no-signature --zero-commit \
	--no-numbered -o "$TOP/patches" "$B..HEAD" || die "format-patch failed"
{
	echo "$hdr"
	ls "$TOP/patches" | grep -E '^[0-9]{4}-.*\.patch$' | grep -v '^0000-'
} >"$TOP/patches/series"
echo "exported $n patches to $TOP/patches"
