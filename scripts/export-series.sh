#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Export a kernel branch as the series: git format-patch BASE..BRANCH into
# patches/ and regenerate patches/series. The cover letter
# patches/0000-cover-letter.patch is regenerated too (shortlog, diffstat,
# patch count), keeping its subject and text. Developer tool; the
# patches/ directory stays the single source of truth.
#
# Usage: scripts/export-series.sh TREE [BASE]   (BASE default: the tag of
#        the mainline base tree)
#        scripts/export-series.sh --stable VERSION TREE [BASE]
#
# --stable: TREE holds the series (or its stable patches) on the LTS tree
# VERSION. Each commit whose change differs from the mainline patch of the
# same subject (git patch-id) is written to patches/stable/VERSION/ under
# the mainline patch's file name, where `BASE=VERSION` and the stable check
# take it instead; the others are removed from there. What differs is
# written down by hand in patches/stable/VERSION/README.

. "$(dirname "$0")/lib.sh"

if [ "${1:-}" = --stable ]; then
	V=${2:?usage: export-series.sh --stable VERSION TREE [BASE]}
	T=${3:?usage: export-series.sh --stable VERSION TREE [BASE]}
	B=${4:-$(cat "$CACHE/linux-base-$V/.git/sdma-series-tag")}
	D=$TOP/patches/stable/$V
	mkdir -p "$D"
	find "$D" -maxdepth 1 -name '*.patch' -delete
	declare -A BYSUBJ
	for f in $(series_names); do
		s=$(git mailinfo /dev/null /dev/null <"$TOP/patches/$f" | sed -n 's/^Subject: //p')
		BYSUBJ[$s]=$f
	done
	for c in $(git -C "$T" rev-list --reverse "$B..HEAD"); do
		s=$(git -C "$T" log -1 --format=%s "$c")
		f=${BYSUBJ[$s]:-}
		[ -n "$f" ] || die "no mainline patch with the subject '$s'"
		mine=$(git -C "$T" show "$c" | git patch-id --stable | cut -d' ' -f1)
		main=$(git patch-id --stable <"$TOP/patches/$f" | cut -d' ' -f1)
		if [ "$mine" = "$main" ]; then
			echo "  same as mainline: $f"
			continue
		fi
		git -C "$T" -c core.abbrev=12 format-patch -q --no-signature --zero-commit --notes \
			--stdout -1 "$c" >"$D/$f" || die "format-patch failed"
		echo "  backport:         patches/stable/$V/$f"
	done
	exit 0
fi
T=${1:?usage: export-series.sh TREE [BASE]}
B=${2:-$(cat "$CACHE/linux-base-$BASE/.git/sdma-series-tag")}
n=$(git -C "$T" rev-list --count "$B..HEAD") || die "bad tree or base"
[ "$n" -gt 0 ] || die "no commits between $B and HEAD"
# Keep the comments (grouping) of the old series file only as a header.
hdr=$(sed -n '1,/^[^#]/{/^#/p}' "$TOP/patches/series")
cover=$TOP/patches/0000-cover-letter.patch
old=$(mktemp)
[ -f "$cover" ] && cp "$cover" "$old"
find "$TOP/patches" -maxdepth 1 -name '[0-9][0-9][0-9][0-9]-*.patch' -delete
git -C "$T" -c core.abbrev=12 format-patch -q --no-signature --zero-commit --notes \
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
