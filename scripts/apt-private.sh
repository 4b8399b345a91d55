# SPDX-License-Identifier: GPL-2.0
# private_apt_config, for scripts/lib.sh and qemu/build.sh (which runs
# without lib.sh). Source it; the caller defines die MESSAGE.

# private_apt_config DIR SUITE TYPE...: write DIR/apt.conf, a private apt
# configuration with one source line per TYPE (deb, deb-src) for SUITE main
# of the Debian archive that the machine's own sources use for its main
# suite (read from apt, never written into this repository), for the host
# architecture only. The machine's apt configuration is not touched.
# Prints the file's path.
private_apt_config() {
	local dir=$1 suite=$2 uri arch t
	shift 2
	arch=$(dpkg --print-architecture)
	# The machine's main Debian archive: an index of Origin and Label
	# "Debian" (not Debian-Security), from a Release of the installed
	# distribution.
	uri=$(apt-get indextargets --format '$(ORIGIN)|$(LABEL)|$(REPO_URI)' 'Created-By: Packages' 2>/dev/null |
		awk -F'|' '$1 == "Debian" && $2 == "Debian" { print $3; exit }')
	[ -n "$uri" ] || die "no Debian archive in this machine's apt sources (apt-get indextargets); cannot use $suite"
	mkdir -p "$dir/lists/partial" "$dir/cache/archives/partial" "$dir/state" "$dir/prefs.d" || die "cannot create $dir"
	for t in "$@"; do
		case $t in
		deb) echo "deb [arch=$arch signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] ${uri%/} $suite main" ;;
		deb-src) echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] ${uri%/} $suite main" ;;
		*) die "private_apt_config: unknown source type $t" ;;
		esac
	done >"$dir/sources.list"
	cat >"$dir/apt.conf" <<-EOF
	Dir::Etc::SourceList "$dir/sources.list";
	Dir::Etc::SourceParts "$dir/nonexistent";
	Dir::Etc::Preferences "$dir/nonexistent";
	Dir::Etc::PreferencesParts "$dir/prefs.d";
	Dir::State "$dir/state";
	Dir::State::Lists "$dir/lists";
	Dir::State::status "/dev/null";
	Dir::Cache "$dir/cache";
	Dir::Cache::archives "$dir/cache/archives";
	APT::Architecture "$arch";
	APT::Architectures { "$arch"; };
	APT::Sandbox::User "root";
	EOF
	echo "$dir/apt.conf"
}
