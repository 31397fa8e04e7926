# Sourced, not run, by the scripts that keep a Wine prefix between runs (tests/demo, tests/report-kinds.sh,
# tests/bench/capture-bench.sh, install/train-cds). Defines wine_prefix_ready.
#
# A prefix belongs to the Wine installation that made it. One made while only wine64 was installed has no
# 32-bit DLLs in syswow64; once wine32 is installed, /usr/bin/wine runs the 32-bit loader, which loads the
# 32-bit kernel32.dll before it even looks at the program, so every program, 64-bit ones too, dies with
# "wine: could not load kernel32.dll, status c0000135" (measured: a good prefix without
# syswow64\kernel32.dll fails so for dumpwrap.exe and crashy.exe, x64 and x86). Wine does not notice by
# itself: it updates a prefix only when wine.inf changes, and wine32 does not change it.

# The Wine packages installed, per architecture: what a prefix is stamped with.
wine_install_stamp() {
    dpkg-query -W -f='${Package}:${Architecture}=${Version} ${db:Status-Abbrev}\n' libwine 2>/dev/null | sort
}

# wine_prefix_ready [--owned]
# Leaves $WINEPREFIX booted and idle. Makes it (wineboot -i) when missing. When it was made by another Wine
# installation (its .wercli-wine-stamp differs or is missing): made again if it is ours (--owned: the
# caller's own default location, or it carries our stamp); someone else's prefix is never deleted: used as
# it is, unless it cannot work (wine32 installed, no syswow64\kernel32.dll), which is an error.
# After making it, waits (wineserver -w) until the boot's own processes and server are gone, so that the
# caller's first program never runs beside a prefix still starting up, and its `wineserver -p` really
# starts a persistent server instead of failing (exit 2) against the boot's short-lived one.
wine_prefix_ready() {
    local owned=0 stamp_file="$WINEPREFIX/.wercli-wine-stamp" want
    [ "${1:-}" = "--owned" ] && owned=1
    want="$(wine_install_stamp)"
    if [ -d "$WINEPREFIX" ] && [ "$(cat "$stamp_file" 2>/dev/null)" != "$want" ]; then
        if [ "$owned" = 1 ] || [ -f "$stamp_file" ]; then
            printf 'wine-prefix: %s was made by another Wine installation: making it again\n' "$WINEPREFIX" >&2
            wineserver -k >/dev/null 2>&1 || true
            rm -rf "$WINEPREFIX"
        elif dpkg-query -W -f='${db:Status-Abbrev}' wine32:i386 2>/dev/null | grep -q '^ii' \
            && [ ! -e "$WINEPREFIX/drive_c/windows/syswow64/kernel32.dll" ]; then
            # Not ours, so not ours to delete; but we know it cannot work.
            printf 'wine-prefix: %s was made before wine32 was installed (no syswow64\\kernel32.dll): every\n' "$WINEPREFIX" >&2
            printf 'wine-prefix: program would fail in it. Remove it, or set WINEPREFIX to a new folder.\n' >&2
            return 1
        fi
    fi
    if [ ! -d "$WINEPREFIX" ]; then
        WINEDEBUG=-all wineboot -i >/dev/null 2>&1 || { printf 'wine-prefix: wineboot -i failed for %s\n' "$WINEPREFIX" >&2; return 1; }
        printf '%s\n' "$want" > "$stamp_file"
        # Only after our own boot: its server is not persistent, so this returns (a server started with
        # `wineserver -p` by an earlier run would keep it waiting for ever).
        wineserver -w </dev/null >/dev/null 2>&1 || true
    fi
}
