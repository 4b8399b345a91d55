#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Check 11: `make send-prep` refuses an unset identity and the placeholder,
# and with a set identity writes mails whose From, Signed-off-by, To/Cc and
# threading are right (scripts/check-mails.py parses them). Nothing is
# sent. The identity is a throw-away git configuration (GIT_CONFIG_GLOBAL);
# the .test domain is reserved (RFC 2606) and cannot receive mail.

. "$(dirname "$0")/lib.sh"

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export GIT_CONFIG_NOSYSTEM=1
bad=0

# run_as CONFIG EXPECT_RC EXPECT_TEXT: send-prep with that git configuration.
run_as() {
	local cfg=$1 want_rc=$2 want=$3 rc
	GIT_CONFIG_GLOBAL=$cfg SEND_OUT=$TMP/out "$TOP/scripts/send-prep.sh" >"$TMP/log" 2>&1
	rc=$?
	if [ "$rc" -eq "$want_rc" ] && grep -q -- "$want" "$TMP/log"; then
		printf '  %-58s ok (exit %d)\n' "$4" "$rc"
	else
		printf '  %-58s FAIL (exit %d, want %d and "%s")\n' "$4" "$rc" "$want_rc" "$want"
		tail -15 "$TMP/log" | sed 's/^/      /'
		bad=1
	fi
}

: >"$TMP/unset"
run_as "$TMP/unset" 6 'no sender identity' "identity unset: refused"

placeholder=$(placeholder_ident)
git config -f "$TMP/placeholder" user.name "${placeholder% <*}"
git config -f "$TMP/placeholder" user.email "$(echo "$placeholder" | sed 's/.*<\(.*\)>$/\1/')"
run_as "$TMP/placeholder" 6 'placeholder' "identity = the patches' placeholder: refused"

SENDER="Send-prep Test <send-prep@sdma-series.test>"
git config -f "$TMP/sender" user.name "Send-prep Test"
git config -f "$TMP/sender" user.email "send-prep@sdma-series.test"
run_as "$TMP/sender" 0 'Nothing was sent' "identity set: mails written"
[ $bad -eq 0 ] || exit 1
sed -n '/^Mails for/,$p' "$TMP/log" | grep -E '^Mails for|\*\.patch' | sed 's/^/  /'
grep -E '^  [0-9].*total: ' "$TMP/log" | head -3 | sed 's/^/  /'

# Each posting is its own thread, checked on its own: its cover letter and
# patches, its subject prefix, its notes below ---.
mapfile -t NAMES < <(series_names)
while read -r line; do
	posting_fields "$line"
	notes=0
	for ((i = P_FIRST - 1; i < P_LAST; i++)); do
		sed -n '/^---$/,/^diff --git/p' "$TOP/patches/${NAMES[$i]}" | grep -q '^Notes:$' && notes=$((notes + 1))
	done
	echo "posting $P_ID [$P_PREFIX] ($P_FIRST-$P_LAST):"
	python3 "$TOP/scripts/mail-headers.py" dump "$TMP/out/$P_ID"/*.patch >"$TMP/dump-$P_ID.json" || { bad=1; continue; }
	python3 "$TOP/scripts/check-mails.py" "$TMP/dump-$P_ID.json" "$SENDER" \
		"$(echo "$placeholder" | sed 's/.*<\(.*\)>$/\1/')" "$TMP/out/$P_ID/dry-run.log" "$notes" "$P_PREFIX" || bad=1
done < <(postings)
# Every mail of every posting has a Message-Id of its own.
dups=$(python3 -c '
import collections, json, sys
ids = collections.Counter(m["message_id"] for f in sys.argv[1:] for m in json.load(open(f)))
print(" ".join(i for i, n in ids.items() if n > 1))' "$TMP"/dump-*.json)
if [ -n "$dups" ]; then
	echo "FAIL: Message-Id used by more than one mail: $dups"
	bad=1
else
	echo "Message-Ids: one per mail across the postings"
fi
echo "headers as written, first mail of each posting:"
for f in "$TMP"/out/*/0000-cover-letter.patch; do
	echo "  --- $(basename "$(dirname "$f")")/$(basename "$f")"
	sed -n '1,/^$/p' "$f" | head -30 | sed 's/^/  /'
done
exit $bad
