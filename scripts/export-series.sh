#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Export a kernel branch as the series: git format-patch BASE..BRANCH into
# patches/ and regenerate patches/series. The cover letter
# patches/0000-cover-letter.patch is regenerated too (shortlog, diffstat,
# patch count), keeping its subject and text. Developer tool; the
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
cover=$TOP/patches/0000-cover-letter.patch
old=$(mktemp)
[ -f "$cover" ] && cp "$cover" "$old"
find "$TOP/patches" -maxdepth 1 -name '[0-9][0-9][0-9][0-9]-*.patch' -delete
git -C "$T" -c core.abbrev=12 format-patch -q --no-signature --zero-commit \
	--cover-letter --cover-from-description=subject \
	--numbered -o "$TOP/patches" "$B..HEAD" || die "format-patch failed"
# Keep the old cover letter's subject and text (everything before the
# shortlog), take the new shortlog and diffstat.
if [ -s "$old" ]; then
	python3 - "$old" "$cover" <<'PY' || die "cannot merge the cover letter"
import re, sys
old, new = (open(f).read() for f in sys.argv[1:3])
def split(t):
    head, body = t.split('\n\n', 1)
    m = re.search(r'^\S.* \(\d+\):$', body, re.M)   # shortlog "Name (N):"
    return head, body[:m.start()], body[m.start():]
oh, ob, _ = split(old)
nh, _, nt = split(new)
subj = re.search(r'^Subject: \[PATCH[^\]]*\] (.*)$', oh, re.M).group(1)
nh = re.sub(r'^(Subject: \[PATCH[^\]]*\] ).*$', lambda m: m.group(1) + subj, nh, flags=re.M)
open(sys.argv[2], 'w').write(nh + '\n\n' + ob + nt)
PY
fi
rm -f "$old"
{
	echo "$hdr"
	ls "$TOP/patches" | grep -E '^[0-9]{4}-.*\.patch$' | grep -v '^0000-'
} >"$TOP/patches/series"
sed -i '/^\(Date\|From\): /{/^From: /!d}' "$cover" 2>/dev/null
echo "exported $n patches to $TOP/patches"
