#!/usr/bin/env bash
# Installs everything the Wine end-to-end tests need, idempotently, on a fresh Debian machine:
#   apt: wine64, the MinGW-w64 cross compiler, LLDB (an independent minidump reader), python3
#   Maven Central: a Windows Temurin 17 JRE (inside sonar-scanner-cli's windows-x64 zip)
#   npm: Breakpad's minidump_stackwalk / minidump_dump (package "minidump")
# Everything lands in tests/.cache (git-ignored). Prints the paths it prepared as KEY=VALUE lines
# when called with --print-env.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache="$here/.cache"
mkdir -p "$cache"

JRE_ARTIFACT="org.sonarsource.scanner.cli:sonar-scanner-cli:6.2.1.4610:zip:windows-x64"
JRE_DIR_IN_ZIP="sonar-scanner-6.2.1.4610-windows-x64/jre"
MINIDUMP_NPM="minidump@0.26.0"

log() { printf 'setup-env: %s\n' "$*" >&2; }

need_apt=()
command -v wine >/dev/null 2>&1 || need_apt+=(wine64)
command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1 || need_apt+=(gcc-mingw-w64-x86-64)
command -v lldb >/dev/null 2>&1 || need_apt+=(lldb)
command -v unzip >/dev/null 2>&1 || need_apt+=(unzip)
command -v zip >/dev/null 2>&1 || need_apt+=(zip)   # install/build-dist
command -v make >/dev/null 2>&1 || need_apt+=(make)
command -v node >/dev/null 2>&1 || need_apt+=(nodejs npm)
if ((${#need_apt[@]})); then
    log "installing ${need_apt[*]} with apt-get"
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

jre="$cache/jre"
if [ ! -x "$jre/bin/java.exe" ]; then
    log "fetching the Windows Temurin 17 JRE from Maven Central ($JRE_ARTIFACT)"
    tmp="$cache/jre-download"
    rm -rf "$tmp" "$jre"; mkdir -p "$tmp"
    mvn -q -B dependency:copy -Dartifact="$JRE_ARTIFACT" -DoutputDirectory="$tmp" >&2
    (cd "$tmp" && unzip -q ./*.zip "$JRE_DIR_IN_ZIP/*")
    mv "$tmp/$JRE_DIR_IN_ZIP" "$jre"
    rm -rf "$tmp"
fi

npmdir="$cache/npm"
stackwalk="$npmdir/node_modules/minidump/bin/linux-x64/minidump_stackwalk"
if [ ! -x "$stackwalk" ]; then
    log "installing Breakpad's minidump tools from npm ($MINIDUMP_NPM)"
    mkdir -p "$npmdir"
    # The package's preinstall script tries to build from source; the prebuilt binaries are in the tarball.
    (cd "$npmdir" && npm install --silent --no-audit --no-fund --ignore-scripts "$MINIDUMP_NPM" >&2)
    chmod +x "$npmdir"/node_modules/minidump/bin/linux-x64/* || true
fi

if [ "${1:-}" = "--print-env" ]; then
    echo "WERCLI_WIN_JRE=$jre"
    echo "WERCLI_STACKWALK=$stackwalk"
    echo "WERCLI_MINIDUMP_DUMP=$npmdir/node_modules/minidump/bin/linux-x64/minidump_dump"
fi
