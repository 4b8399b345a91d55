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
sed -n '/^Mails for/,/\*\.patch$/p' "$TMP/log" | sed 's/^/  /'
grep -E '^  [0-9].*total: ' "$TMP/log" | head -3 | sed 's/^/  /'

python3 "$TOP/scripts/mail-headers.py" dump "$TMP"/out/*.patch >"$TMP/dump.json" || exit 1
notes=0
for p in $(series_files); do
	sed -n '/^---$/,/^diff --git/p' "$p" | grep -q '^Notes:$' && notes=$((notes + 1))
done
python3 "$TOP/scripts/check-mails.py" "$TMP/dump.json" "$SENDER" \
	"$(echo "$placeholder" | sed 's/.*<\(.*\)>$/\1/')" "$TMP/out/dry-run.log" "$notes" || bad=1
echo "headers as written, cover letter and first patch:"
for f in "$TMP"/out/0000-*.patch "$TMP"/out/0001-*.patch; do
	echo "  --- $(basename "$f")"
	sed -n '1,/^$/p' "$f" | head -30 | sed 's/^/  /'
done
exit $bad
