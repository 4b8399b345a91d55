#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Prepare the series for the person who sends it (README: `make send-prep`).
# Nothing is ever sent.
#
#  1. The sender is the identity of their own git configuration (global or
#     system, never this repository's): refused if unset, if it is the
#     repository's placeholder, or if the address cannot receive mail
#     (.example, .invalid, .localhost, noreply).
#  2. The series is applied to the base (mainline, BASE=, or KERNEL_SRC=
#     the sender's own clone: only that gives a real base-commit:).
#  3. Every patch gets the sender as author and one Signed-off-by, the
#     sender's; the placeholder's Signed-off-by is removed (it is not a
#     person and cannot certify the DCO).
#  4. git format-patch writes the mails, one thread per posting of
#     patches/postings/series (one per tree: its own cover letter from
#     patches/postings/ID-cover.txt, subject prefix and recipients);
#     checkpatch.pl --strict runs on every mail (exceptions:
#     patches/checkpatch-exceptions).
#  5. Each patch goes To its maintainers and Cc its reviewers and lists
#     (get_maintainer.pl), plus the Cc: trailers of its message except
#     stable@ and stable+noautosel@, which are never mailed: those
#     trailers only tag the commit for the stable team (and its AUTOSEL
#     tools). Each cover letter goes to the union of its posting's
#     recipients.
#  6. git send-email --dry-run runs on the result, and the exact command
#     that would send the mails is printed.
#
# b4 (Debian's 0.12) sends every patch of a series to every recipient of
# its cover letter; the postings go to different trees, so the mails are
# written with git format-patch and checked with git send-email instead.
#
# Environment: SEND_OUT (default $CACHE/send), KERNEL_SRC, BASE. The
# subject prefix of each posting ("PATCH v2", "RFC PATCH v2") is in
# patches/postings/series.

. "$(dirname "$0")/lib.sh"

OUT=${SEND_OUT:-$CACHE/send}

# The sender: git configuration outside this repository.
sender_cfg() { (cd / && git config --get "$1") 2>/dev/null; }
NAME=$(sender_cfg user.name)
EMAIL=$(sender_cfg user.email)
[ -n "$NAME" ] && [ -n "$EMAIL" ] ||
	die 6 "no sender identity: set yours with git config --global user.name \"Your Name\" and git config --global user.email you@your.domain (the Signed-off-by certifies the DCO: it must be the real person who sends)"
# The placeholder: the author of the patches in patches/ (and this
# repository's own identity, where it has one).
PH_FROM=$(placeholder_ident)
PH_NAME=${PH_FROM% <*}
PH_EMAIL=$(echo "$PH_FROM" | sed -n 's/.*<\(.*\)>$/\1/p')
REPO_EMAIL=$(git -C "$TOP" config --local --get user.email 2>/dev/null)
[ -n "$PH_EMAIL" ] || die "cannot read the placeholder author of patches/"
if [ "$EMAIL" = "$PH_EMAIL" ] || [ "$NAME" = "$PH_NAME" ] || [ "$EMAIL" = "$REPO_EMAIL" ] ||
   [[ $EMAIL =~ (\.example|\.invalid|\.localhost)$|noreply|@localhost$ ]] ||
   [[ ! $EMAIL =~ ^[^@[:space:]]+@[^@[:space:]]+\.[^@[:space:]]+$ ]]; then
	die 6 "sender identity '$NAME <$EMAIL>' is this repository's placeholder or an address that cannot receive mail; set your own with git config --global user.name/user.email"
fi
SENDER="$NAME <$EMAIL>"
echo "Sender: $SENDER"

lock_cache
stage "prerequisites (apt)" harness_prereqs || exit 1
resolve_base
echo "Base: $BASE_DESC"
mapfile -t PATCHES < <(series_files)
mapfile -t NAMES < <(series_names)

apply() { prepare_tree send "${PATCHES[@]}"; }
stage "apply the series (git am)" apply || exit $?
BASE_SHA=$(git -C "$TREE" rev-parse "$BASE_REF")

# 3: author and Signed-off-by.
reauthor() {
	local ph_sob="Signed-off-by: $PH_NAME <$PH_EMAIL>"
	local placeholder_re
	placeholder_re=$(printf '%s' "${PH_EMAIL:-no placeholder}" | sed 's/[.[\*^$/]/\\&/g')
	# The author of patches/ is the placeholder; a patch that names a
	# real person as author (none today) keeps that author, and only gets
	# the sender's Signed-off-by after it.
	FILTER_BRANCH_SQUELCH_WARNING=1 git -C "$TREE" \
		-c user.name="$NAME" -c user.email="$EMAIL" filter-branch -f \
		--env-filter "
			if [ \"\$GIT_AUTHOR_EMAIL\" = '$PH_EMAIL' ]; then
				GIT_AUTHOR_NAME='${NAME//\'/\'\\\'\'}' GIT_AUTHOR_EMAIL='$EMAIL'
			fi
			GIT_COMMITTER_NAME='${NAME//\'/\'\\\'\'}' GIT_COMMITTER_EMAIL='$EMAIL'
			export GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL" \
		--msg-filter "sed '/^Signed-off-by:.*<$placeholder_re>\$/d' |
			git interpret-trailers --if-exists addIfDifferent \
				--trailer 'Signed-off-by: ${SENDER//\'/\'\\\'\'}'" \
		"$BASE_SHA..HEAD" >"$CACHE/send-filter.log" 2>&1 || { tail -5 "$CACHE/send-filter.log"; return 1; }
	git -C "$TREE" for-each-ref --format='%(refname)' refs/original/ |
		xargs -r -n1 git -C "$TREE" update-ref -d
	local n
	n=$(git -C "$TREE" log --format='%ae%n%(trailers:key=Signed-off-by,valueonly)' "$BASE_SHA..HEAD" |
		grep -c -F "$PH_EMAIL")
	[ "$n" -eq 0 ] || { echo "the placeholder is still named $n times"; return 1; }
	echo "$(git -C "$TREE" rev-list --count "$BASE_SHA..HEAD") commits by $SENDER"
}
stage "author and Signed-off-by: the sender" reauthor || exit 1

# What a patch in patches/ carries below its "---" as "Notes:" (figures of
# the harness, which stay out of the commit message) goes below the "---"
# of its mail too: git am drops it, so it is put back as a git note.
notes() {
	local commits i n=0 text
	mapfile -t commits < <(git -C "$TREE" rev-list --reverse "$BASE_SHA..HEAD")
	for i in "${!commits[@]}"; do
		text=$(awk '/^---$/ { d = 1; next } d && /^Notes:$/ { n = 1; next }
			n && /^    / { print substr($0, 5); next } n && /^$/ { print; next }
			n { exit } d && /^ [^ ].*\|/ { exit }' "${PATCHES[$i]}" | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}')
		[ -n "$text" ] || continue
		git -C "$TREE" notes add -f -m "$text" "${commits[$i]}" || return 1
		n=$((n + 1))
	done
	echo "$n patches carry notes below ---"
}
stage "notes below ---" notes || exit 1

# 4: the mails, one thread per posting (patches/postings/series): each
# with its own cover letter, subject prefix and recipients.
mapfile -t POSTINGS < <(postings)
[ ${#POSTINGS[@]} -gt 0 ] || die "no posting in patches/postings/series"

write_mails() {
	rm -rf "$OUT" && mkdir -p "$OUT"
	local base=() commits line dir from cover
	mapfile -t commits < <(git -C "$TREE" rev-list --reverse "$BASE_SHA..HEAD")
	# base-commit: only for a tree with upstream history (KERNEL_SRC).
	[ -n "${KERNEL_SRC:-}" ] && base=(--base="$BASE_SHA")
	for line in "${POSTINGS[@]}"; do
		posting_fields "$line"
		dir=$OUT/$P_ID
		from=$BASE_SHA
		[ "$P_FIRST" -gt 1 ] && from=${commits[$((P_FIRST - 2))]}
		# The sender's identity also makes the cover letter's From: and
		# the Message-Ids (the base repository has the harness's own).
		git -C "$TREE" -c user.name="$NAME" -c user.email="$EMAIL" format-patch -q -o "$dir" \
			--thread=shallow --numbered --notes --cover-letter --subject-prefix="$P_PREFIX" \
			"${base[@]}" "$from..${commits[$((P_LAST - 1))]}" || return 1
		cover=$dir/0000-cover-letter.patch
		python3 "$TOP/scripts/mail-headers.py" cover "$cover" \
			"$TOP/patches/postings/$P_ID-cover.txt" || return 1
		# git names a cover letter "cover.<time>.git.<sender>": the
		# postings written in the same second would share it. Add the
		# posting's ID, in the cover letter and the replies to it.
		sed -i "s/<cover\.\([0-9]*\)\.git\./<cover-$P_ID.\1.git./" "$dir"/*.patch || return 1
		printf '  %-2s [%s] %d patches (%04d-%04d)%s: %s\n' "$P_ID" "$P_PREFIX" \
			$((P_LAST - P_FIRST + 1)) "$P_FIRST" "$P_LAST" "${P_AFTER:+, after $P_AFTER}" \
			"$(head -1 "$TOP/patches/postings/$P_ID-cover.txt")"
	done
	[ -n "${KERNEL_SRC:-}" ] ||
		echo "no base-commit: line (the Debian base has no upstream history); use KERNEL_SRC=<your mainline clone> for one"
	echo "$(find "$OUT" -name '*.patch' | wc -l) mails in ${#POSTINGS[@]} postings in $OUT"
}
stage "write the mails (git format-patch), one thread per posting" write_mails || exit 1
# The patch mails in series order.
mapfile -t MAILS < <(for line in "${POSTINGS[@]}"; do posting_fields "$line"
	ls "$OUT/$P_ID"/*.patch | grep -v -- '/0000-cover-letter.patch$'; done)
[ ${#MAILS[@]} -eq ${#NAMES[@]} ] || die "${#MAILS[@]} mails for ${#NAMES[@]} patches: patches/postings/series must cover the series once, in order"

run_checkpatch() {
	local i bad=0
	# Keyed by the name in patches/, as the exceptions are.
	for i in "${!MAILS[@]}"; do echo "${NAMES[$i]} ${MAILS[$i]}"; done |
		checkpatch_each "$TREE" "$OUT/.work"
	for i in "${!MAILS[@]}"; do
		local types sum
		types=$(cat "$OUT/.work/${NAMES[$i]}.ign")
		sum=$(grep -m1 '^total:' "$OUT/.work/${NAMES[$i]}.out")
		printf '  %-62s %s%s\n' "$(basename "${MAILS[$i]}" | cut -c1-62)" "$sum" "${types:+ (ignored: $types)}"
		[[ $sum == 'total: 0 errors, 0 warnings, 0 checks'* ]] || { bad=1; grep -E '^(ERROR|WARNING|CHECK):' -A3 "$OUT/.work/${NAMES[$i]}.out" | head -12 | sed 's/^/      /'; }
	done
	return $bad
}
stage "checkpatch.pl --strict on the mails" run_checkpatch || exit 1

# 5: recipients, written into each mail's header; each cover letter goes
# to the union of its posting's.
route() {
	local i m to cc line
	# Two get_maintainer.pl runs per mail: maintainers are To; reviewers
	# and lists Cc (one run with both would merge a person who is reviewer
	# of one entry and maintainer of another into one role).
	for i in "${!MAILS[@]}"; do echo "$i ${MAILS[$i]}"; done |
		TREE=$TREE DIR=$OUT/.work xargs -P "$JOBS" -L1 bash -c 'cd "$TREE" &&
		scripts/get_maintainer.pl --no-rolestats --no-git --no-git-fallback \
			--m --no-r --no-l --no-s "$2" >"$DIR/$1.to" 2>/dev/null &&
		scripts/get_maintainer.pl --no-rolestats --no-git --no-git-fallback \
			--no-m --r --l --no-s "$2" >"$DIR/$1.cc" 2>/dev/null' _
	for line in "${POSTINGS[@]}"; do
		posting_fields "$line"
		local all_to=() all_cc=()
		for ((i = P_FIRST - 1; i < P_LAST; i++)); do
			m=${MAILS[$i]}
			mapfile -t to <"$OUT/.work/$i.to"
			mapfile -t cc < <( { cat "$OUT/.work/$i.cc"
				git interpret-trailers --parse <"$m" | sed -n 's/^Cc: //p'; } |
				grep -v -i -E 'stable@vger\.kernel\.org|stable\+noautosel@kernel\.org' | awk 'NF && !seen[tolower($0)]++')
			[ ${#to[@]} -gt 0 ] || { echo "$(basename "$m"): get_maintainer.pl gave no maintainer"; return 1; }
			python3 "$TOP/scripts/mail-headers.py" set "$m" "$(printf '%s\n' "${to[@]}")" "$(printf '%s\n' "${cc[@]}")" || return 1
			all_to+=("${to[@]}"); all_cc+=("${cc[@]}")
			printf '  %s/%-40s To: %d, Cc: %d\n' "$P_ID" "$(basename "$m" | cut -c1-40)" "${#to[@]}" "${#cc[@]}"
		done
		mapfile -t all_to < <(printf '%s\n' "${all_to[@]}" | awk 'NF && !seen[tolower($0)]++')
		mapfile -t all_cc < <(printf '%s\n' "${all_cc[@]}" | awk 'NF && !seen[tolower($0)]++' |
			grep -v -i -F -x -f <(printf '%s\n' "${all_to[@]}"))
		python3 "$TOP/scripts/mail-headers.py" set "$OUT/$P_ID/0000-cover-letter.patch" \
			"$(printf '%s\n' "${all_to[@]}")" "$(printf '%s\n' "${all_cc[@]}")" || return 1
		printf '  %s/%-40s To: %d, Cc: %d (the union of %s)\n' "$P_ID" "0000-cover-letter.patch" \
			"${#all_to[@]}" "${#all_cc[@]}" "$P_ID"
	done
}
stage "recipients (get_maintainer.pl)" route || exit 1

SEND=(git send-email --suppress-cc=body --8bit-encoding=UTF-8 --confirm=always
	--from="$SENDER")
dry_run() {
	local line n=0
	# --suppress-cc=body: the recipients are the To/Cc headers written
	# above; nothing is added from the trailers (that would mail stable@).
	for line in "${POSTINGS[@]}"; do
		posting_fields "$line"
		(cd "$OUT/$P_ID" && "${SEND[@]/--confirm=always/--confirm=never}" --dry-run ./*.patch) \
			>"$OUT/$P_ID/dry-run.log" 2>&1 || { tail -20 "$OUT/$P_ID/dry-run.log"; return 1; }
		! grep -i 'RCPT TO:<stable@vger\.kernel\.org>' "$OUT/$P_ID/dry-run.log" ||
			{ echo "$P_ID: stable@ would be mailed"; return 1; }
		n=$((n + $(grep -c '^Dry-OK' "$OUT/$P_ID/dry-run.log")))
	done
	echo "$n mails Dry-OK (logs: <posting>/dry-run.log)"
}
stage "git send-email --dry-run" dry_run || exit 1

rm -rf "$OUT/.work"
echo
echo "Mails for $SENDER are in $OUT, one directory per posting. Nothing was sent. To send a posting:"
for line in "${POSTINGS[@]}"; do
	posting_fields "$line"
	printf '  cd %q && ' "$OUT/$P_ID"
	printf '%q ' "${SEND[@]}"
	echo "*.patch${P_AFTER:+    # after posting $P_AFTER}"
done
print_timings
