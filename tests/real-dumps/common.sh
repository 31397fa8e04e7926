# Shared set-up of compare.sh and identities.sh (sourced): $1 is the folder of *.dmp files, $2 the script's
# name for messages. Sets repo, jar, stackwalk, work (a temporary folder, removed on exit) and dumps (array).
# Exits 2 on a usage or setup error.
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
dir="$1"
name="$2"
[ -n "$dir" ] && [ -d "$dir" ] || { echo "usage: $0 DIR   (DIR holds *.dmp files)" >&2; exit 2; }
jar="$repo/target/wercli.jar"
[ -f "$jar" ] || { echo "$name: build $jar first (mvn -q package -DskipTests)" >&2; exit 2; }
stackwalk="${WERCLI_STACKWALK:-$repo/tests/.cache/npm/node_modules/minidump/bin/linux-x64/minidump_stackwalk}"
[ -x "$stackwalk" ] || { echo "$name: no minidump_stackwalk at $stackwalk: run tests/setup-env.sh" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
shopt -s nullglob
dumps=("$dir"/*.dmp)
[ ${#dumps[@]} -gt 0 ] || { echo "$name: no *.dmp in $dir" >&2; exit 2; }
