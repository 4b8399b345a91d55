#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Test of the harness's prerequisite step (need_pkgs in lib.sh), run by
# `make check` as check 10: an `apt-get update` that exits non-zero for an
# index the harness does not need must only warn, while a package that
# does not exist must still fail, with one clear line.
#
# Everything happens in a private apt configuration in a temporary
# directory: the machine's own sources (copied, read only) plus one extra
# source, a local repository whose Release file gives the wrong size and
# hash for its Packages index (what a mirror caught mid-sync serves:
# "Hash Sum mismatch" / "File has unexpected size"). The machine's apt
# configuration, package lists and dpkg database are never written: the
# install is resolved with `apt-get -s` (NEED_PKGS_SIMULATE=1).
#
# Exit 0 when every case behaves; prints one line per case.

. "$(dirname "$0")/lib.sh"

[ "$(id -u)" -eq 0 ] || die "run as root (apt-get, as need_pkgs does)"
T=$(mktemp -d /tmp/sdma-prereq-test.XXXXXX) || die "mktemp failed"
chmod 755 "$T"   # apt's _apt user reads the lists from here
trap 'rm -rf "$T"' EXIT

# The broken extra source.
mkdir -p "$T/repo" "$T/parts" "$T/lists/partial" "$T/cache"
printf 'Package: sdma-series-broken\nVersion: 1\nArchitecture: all\nFilename: x.deb\nSize: 1\n\n' >"$T/repo/Packages"
{
	echo "Origin: sdma-series-test"
	echo "Label: broken"
	echo "Suite: broken"
	echo "Codename: broken"
	echo "Date: $(LC_ALL=C date -u '+%a, %d %b %Y %H:%M:%S UTC')"
	echo "SHA256:"
	echo " $(printf '0%.0s' $(seq 64)) 9999 Packages"
} >"$T/repo/Release"

# The machine's sources, copied, plus the broken one.
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
	[ -f "$f" ] && cp "$f" "$T/parts/00-$(basename "$f")"
done
[ -f /etc/apt/sources.list ] && mv "$T/parts/00-sources.list" "$T/parts/00-sources.list.list" 2>/dev/null
echo "deb [trusted=yes] file:$T/repo ./" >"$T/parts/zz-broken.list"
# Start from the machine's lists, so that the update only revalidates them.
cp -a /var/lib/apt/lists/. "$T/lists/" 2>/dev/null
rm -f "$T/lists/lock"
cat >"$T/apt.conf" <<EOF
Dir::Etc::SourceList "$T/none";
Dir::Etc::SourceParts "$T/parts";
Dir::State::Lists "$T/lists";
Dir::Cache "$T/cache";
EOF

fails=0
result() {
	if [ "$1" = ok ]; then echo "  ok   $2"; else echo "  FAIL $2"; fails=$((fails + 1)); fi
}

# Case 0: the source really is broken (otherwise the test proves nothing).
APT_CONFIG=$T/apt.conf apt-get update >"$T/update.log" 2>&1
rc=$?
if [ $rc -ne 0 ] && grep -q 'Hash Sum mismatch\|unexpected size' "$T/update.log"; then
	result ok "apt-get update with the broken source exits $rc ($(grep -m1 -o 'Hash Sum mismatch\|File has unexpected size' "$T/update.log"))"
else
	result FAIL "apt-get update with the broken source exits $rc (expected non-zero with a hash/size mismatch)"
fi

# A real package that is not installed, so that need_pkgs has to update
# and install (simulated).
pkg=
for p in hello cowsay sl fortune-mod; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' && continue
	APT_CONFIG=$T/apt.conf apt-cache show "$p" >/dev/null 2>&1 && { pkg=$p; break; }
done
[ -n "$pkg" ] || { result FAIL "no uninstalled test package (hello, cowsay, sl, fortune-mod) known to apt"; exit 1; }

# Case 1: the update fails, need_pkgs warns and goes on, the install resolves.
out=$(APT_CONFIG=$T/apt.conf NEED_PKGS_SIMULATE=1 APT_UPDATE_TRIES=2 APT_RETRY_PAUSE=1 \
	bash -c '. "$1/scripts/lib.sh"; need_pkgs "$2"' _ "$TOP" "$pkg" 2>&1)
rc=$?
echo "$out" | sed 's/^/       | /'
if [ $rc -eq 0 ] && echo "$out" | grep -q '^warning: apt-get update failed (try 2 of 2)' &&
   echo "$out" | grep -q "resolvable"; then
	result ok "need_pkgs $pkg: update failed twice, warned, install resolved, exit 0"
else
	result FAIL "need_pkgs $pkg: exit $rc (expected 0, two update warnings, a resolved install)"
fi

# Case 2: a package that does not exist still fails, with one line that
# names it.
nopkg=sdma-series-no-such-package
out=$(APT_CONFIG=$T/apt.conf NEED_PKGS_SIMULATE=1 APT_UPDATE_TRIES=1 \
	bash -c '. "$1/scripts/lib.sh"; need_pkgs "$2"' _ "$TOP" "$nopkg" 2>&1)
rc=$?
echo "$out" | sed 's/^/       | /'
errs=$(echo "$out" | grep -c '^error:')
if [ $rc -ne 0 ] && [ "$errs" -eq 1 ] &&
   echo "$out" | grep '^error:' | grep -q "apt-get install failed for: $nopkg: E: Unable to locate package $nopkg"; then
	result ok "need_pkgs $nopkg: exit $rc, one error line naming it"
else
	result FAIL "need_pkgs $nopkg: exit $rc, $errs error lines (expected non-zero and one line naming the package)"
fi

# Case 3: the machine's own configuration was not touched.
if ! grep -rqs "$T" /etc/apt/sources.list /etc/apt/sources.list.d/; then
	result ok "the machine's apt sources do not name the private configuration"
else
	result FAIL "the machine's apt sources name $T"
fi

[ $fails -eq 0 ]
