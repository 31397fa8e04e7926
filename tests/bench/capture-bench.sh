#!/usr/bin/env bash
# Crash-to-exit wall time of `crashy.exe av-write` under Wine, per AeDebug debugger, side by side in one run.
#
#   tests/bench/capture-bench.sh [--runs N] [--arch x64|x86] [--startup-matrix] [--zip PATH] [--baseline-jar JAR]
#                                [--storm N] [--msi] [--jit]
#
# --storm N then crashes N processes at once, with the floor, with wercli.exe (in-process) and with
# wercli.exe+service as the debugger:
# the time until every crashed process has exited, until every debugger has exited (wercli writes its
# reports after the release), the captures left (dumps; wercli: reports), and the peak of the debuggers'
# resident memory together (summed over their processes, sampled every 100 ms).
#
# --baseline-jar adds "java.exe -jar baseline" beside "java.exe -jar wercli.jar": the same runtime and
# options with another build of wercli.jar (e.g. `git stash; mvn package; cp target/wercli.jar /tmp/base.jar`),
# so a change's effect is measured against its baseline in the same run.
#
# --msi adds "wercli.exe (MSI)": the newest target/dist/wercli-*-x64.msi installed with `msiexec /i /qn` to its
# default folder, C:\Program Files\wercli (whose space keeps HotSpot 17 from sharing classes of a jar there;
# the install makes a class-sharing copy, see native-launcher/src/cdscopy.h), beside the zip's wercli.exe at
# C:\wercli, in the same rounds. The package is removed (msiexec /x) at the end.
#
# --jit crashes through the path every crash takes on Windows: crashy --jit-shim (tests/shims/jitshim.c) starts
# each Debugger with "%ld %ld %p" and a valid JIT_DEBUG_INFO, and the process then waits in its exception
# filter for the debugger's exit (every debugger here ends without signalling: wercli's default --release
# exit, and the floor's JIT mode). So wercli's report, written after the release, counts there unless the
# capture ran in the service. winedbg is left out (it does not take %p).
#
# --arch x86 crashes the 32-bit crashy.exe (a WOW64 process) instead: the Debugger is set in the 32-bit
# registry view, which such a crash reads, and the floor is the same C debugger built for x86 (a 32-bit
# debugger writes the x86 dump, as procdump.exe does); wercli is the same 64-bit program for both.
#
# Variants (the AeDebug Debugger value is set before every run; rounds are interleaved so that machine
# noise hits every variant alike):
#   none          the Debugger command cannot start (nonexistent exe): Wine ends the process at once
#   winedbg       Wine's own `winedbg --auto` (prints a backtrace, writes no dump)
#   floor         tests/bench/floor-debugger.exe: attach, signal, second chance, MiniDumpNormal, release
#   java -jar     runtime\bin\java.exe -jar lib\wercli.jar attach ...   (from the unpacked distribution)
# wercli runs with --dump-type 0x0 (MiniDumpNormal), the floor's dump, so that all do the same work.
#   wercli.exe    wercli.exe attach ...                                 (from the unpacked distribution), with
#                 WERCLI_NO_SERVICE=1: the in-process capture, a JVM started per crash
#   wercli.exe+service  the same command line with the warm capture service installed (`wercli.exe install
#                 --service --dump-dir` that variant's folder, so the service takes its requests): the launcher
#                 hands the capture to the resident JVM over the pipe
# --startup-matrix adds wercli.exe variants with one start-up measure undone (through lib\jvm.options).
#
# A run counts only when its debugger left its artifact (floor: the dump; wercli: dump and report).
# Prints median/min/max per variant, the ratio to the floor, and the debugger's own cost (median minus
# "none") against the floor's. Needs: Wine, MinGW-w64, the zip from install/build-dist.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
runs=5
arch=x64
matrix=0
zip=""
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) runs="$2"; shift 2 ;;
        --arch) arch="$2"; shift 2 ;;
        --startup-matrix) matrix=1; shift ;;
        --zip) zip="$2"; shift 2 ;;
        --baseline-jar) baseline_jar="$2"; shift 2 ;;
        --storm) storm="$2"; shift 2 ;;
        --jit) jit=1; shift ;;
        --msi) msi="$(ls -t "$root"/target/dist/wercli-*-x64.msi 2>/dev/null | head -1 || true)"
               [ -f "$msi" ] || { echo "capture-bench: no MSI: run install/build-msi first" >&2; exit 2; }
               shift ;;
        *) echo "usage: $0 [--runs N] [--arch x64|x86] [--startup-matrix] [--zip PATH] [--baseline-jar JAR] [--storm N] [--msi] [--jit]" >&2; exit 2 ;;
    esac
done
jit_arg="" shim=""
if [ "${jit:-0}" = 1 ]; then jit_arg=" %p" shim="--jit-shim"; fi
case "$arch" in
    x64) bin_dir=build; view=/reg:64 ;;
    x86) bin_dir=build/x86; view=/reg:32 ;;
    *) echo "capture-bench: --arch must be x64 or x86" >&2; exit 2 ;;
esac
[ -n "$zip" ] || zip="$(ls -t "$root"/target/dist/wercli-*-windows-x64.zip 2>/dev/null | head -1 || true)"
[ -f "$zip" ] || { echo "capture-bench: no distribution zip: run install/build-dist first" >&2; exit 2; }

own_prefix=""; [ -n "${WINEPREFIX:-}" ] || own_prefix="--owned"
export WINEPREFIX="${WINEPREFIX:-/tmp/wercli-bench-prefix}" WINEDEBUG=-all
log() { printf 'capture-bench: %s\n' "$*" >&2; }
aedebug='HKLM\Software\Microsoft\Windows NT\CurrentVersion\AeDebug'

make -s -C "$root/tests/targets" >&2
make -s -C "$root/tests/bench" >&2
. "$root/tests/wine-prefix.sh"
[ -d "$WINEPREFIX" ] || log "creating the Wine prefix $WINEPREFIX"
wine_prefix_ready $own_prefix # made again when the installed Wine changed (ours only)
# A desktop, as Windows always has one. Without a display Wine's explorer.exe fails to start, and every
# process that loads user32 (wercli.exe, java.exe; not crashy.exe or the C floor) tries to start it again
# and waits for it: ~150 ms a start, measured. The null graphics driver keeps one desktop alive instead.
# winedbg would then show its crash dialog to nobody and wait: it is told not to.
# Every registry call names the 64-bit view: with wine32 installed a plain `wine reg` runs the 32-bit reg.exe.
wine reg add 'HKCU\Software\Wine\Drivers' /v Graphics /d null /f /reg:64 >/dev/null 2>&1
wine reg add 'HKCU\Software\Wine\WineDbg' /v ShowCrashDialog /t REG_DWORD /d 0 /f /reg:64 >/dev/null 2>&1
wineserver -p </dev/null >/dev/null 2>&1 || true # warm server for every variant alike; fds detached

install_dir='C:\wercli' # the folder build-dist made the CDS archive for
unix_install="$(winepath -u "$install_dir")"
rm -rf "$unix_install" && mkdir -p "$unix_install"
unzip -q "$zip" -d "$unix_install.tmp" && mv "$unix_install.tmp"/*/* "$unix_install"/ && rm -rf "$unix_install.tmp"
out="$WINEPREFIX/drive_c/bench"
rm -rf "$out" && mkdir -p "$out"
crashy="$root/tests/targets/$bin_dir/crashy.exe"
floor="$(winepath -w "$root/tests/bench/$bin_dir/floor-debugger.exe")"
java="$install_dir\\runtime\\bin\\java.exe"
jar="$install_dir\\lib\\wercli.jar"
exe="$install_dir\\wercli.exe"

names=() commands=() artifacts=() options=() envs=()
# variant NAME DEBUGGER ARTIFACT [JVM_OPTIONS] [ENV]: ENV (NAME=VALUE) is set for the crashing process, which
# AeDebug's debugger inherits.
variant() { names+=("$1"); commands+=("$2"); artifacts+=("$3"); options+=("${4:-}"); envs+=("${5:-WERCLI_BENCH=1}"); mkdir -p "$out/${#names[@]}"; }
variant "none" 'C:\no-such-debugger.exe %ld %ld' none
[ -n "$shim" ] || variant "winedbg --auto" 'winedbg --auto %ld %ld' none
floor_index=${#names[@]}
n=$((${#names[@]} + 1)); variant "floor (C)" "\"$floor\" %ld %ld$jit_arg C:\\bench\\$n\\floor.dmp" dump
n=$((${#names[@]} + 1)); variant "java.exe -jar wercli.jar" "\"$java\" -jar \"$jar\" attach %ld %ld$jit_arg --dump-type 0x0 --dump-dir C:\\bench\\$n" report
if [ -n "${baseline_jar:-}" ]; then
    cp "$baseline_jar" "$unix_install/lib/baseline.jar"
    n=$((${#names[@]} + 1)); variant "java.exe -jar baseline.jar" "\"$java\" -jar \"$install_dir\\lib\\baseline.jar\" attach %ld %ld$jit_arg --dump-type 0x0 --dump-dir C:\\bench\\$n" report
fi
n=$((${#names[@]} + 1)); variant "wercli.exe" "\"$exe\" attach %ld %ld$jit_arg --dump-type 0x0 --dump-dir C:\\bench\\$n" report "" WERCLI_NO_SERVICE=1
n=$((${#names[@]} + 1)); variant "wercli.exe+service" "\"$exe\" attach %ld %ld$jit_arg --dump-type 0x0 --dump-dir C:\\bench\\$n" report
service_dir="C:\\bench\\$n"
if [ -n "${msi:-}" ]; then
    msi_exe='C:\Program Files\wercli\wercli.exe'
    n=$((${#names[@]} + 1)); variant "wercli.exe (MSI)" "\"$msi_exe\" attach %ld %ld$jit_arg --dump-type 0x0 --dump-dir C:\\bench\\$n" report "" WERCLI_NO_SERVICE=1
fi
if [ "$matrix" = 1 ]; then
    n=$((${#names[@]} + 1)); variant "wercli.exe, no AppCDS" "\"$exe\" attach %ld %ld$jit_arg --dump-type 0x0 --dump-dir C:\\bench\\$n" report \
        "-XX:SharedArchiveFile=$install_dir\\runtime\\bin\\server\\classes.jsa" WERCLI_NO_SERVICE=1
    n=$((${#names[@]} + 1)); variant "wercli.exe, -Xshare:off" "\"$exe\" attach %ld %ld$jit_arg --dump-type 0x0 --dump-dir C:\\bench\\$n" report "-Xshare:off" WERCLI_NO_SERVICE=1
    n=$((${#names[@]} + 1)); variant "wercli.exe, JVM default flags" "\"$exe\" attach %ld %ld$jit_arg --dump-type 0x0 --dump-dir C:\\bench\\$n" report \
        "-XX:TieredStopAtLevel=4|-XX:-UseSerialGC|-XX:+UseG1GC|-XX:+UsePerfData|-Xss1m|-XX:+CreateCoredumpOnCrash" WERCLI_NO_SERVICE=1
    n=$((${#names[@]} + 1)); variant "wercli.exe, JNA unpacks to TEMP" "\"$exe\" attach %ld %ld$jit_arg --dump-type 0x0 --dump-dir C:\\bench\\$n" report \
        "-Djna.boot.library.path=C:\\nowhere|-Djna.nounpack=false" WERCLI_NO_SERVICE=1
fi
wine reg add "$aedebug" /v Auto /d 1 /f "$view" >/dev/null
# The warm capture service for "wercli.exe+service": installed for that variant's folder (the service takes
# no dump folder from a request other than the installed one); every other wercli.exe variant bypasses it.
# install also writes AeDebug, which each run below sets again. The service is removed at the end.
# A Windows session always has user processes; a Wine prefix has none between two commands, and then Wine ends
# services.exe and every service (measured: without this the capture service was started again, cold, before each
# round). One idle user process (crashy.exe wait: sleeps 60 s, again and again) keeps the session, and so the
# service, up for the whole run, as on Windows. Its own process group, out of the job table (the storm waits for
# its jobs), ended by its id at exit.
setsid bash -c "while :; do wine '$crashy' wait >/dev/null 2>&1; done" </dev/null >/dev/null 2>&1 &
keepalive=$!
disown "$keepalive"
log "installing the capture service (dump folder $service_dir)"
wine "$exe" install --service --dump-dir "$service_dir" --dump-type 0x0 </dev/null >/dev/null 2>&1 \
    || { log "wercli.exe install --service failed"; exit 1; }
if [ -n "${msi:-}" ]; then
    # After the service's install: the package's own `wercli install` then registers its launcher (each run
    # below sets Debugger again) and leaves the service alone. Its variant bypasses the service.
    wine msiexec /x "$(winepath -w "$msi")" /qn >/dev/null 2>&1 || true # a package left by an interrupted run
    wine msiexec /i "$(winepath -w "$msi")" /qn >/dev/null 2>&1 || { log "msiexec /i failed"; exit 1; }
fi
finish() {
    # --force first: the runs left Debugger on another command, and the package's own uninstall refuses to
    # overwrite a debugger it did not register (exit 12); after it the package's removal has nothing to restore.
    wine "$exe" uninstall --force </dev/null >/dev/null 2>&1 || log "wercli.exe uninstall failed"
    [ -z "${msi:-}" ] || wine msiexec /x "$(winepath -w "$msi")" /qn </dev/null >/dev/null 2>&1 || log "msiexec /x failed"
    kill -- "-$keepalive" 2>/dev/null || true
}
trap finish EXIT

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
# Waits until variant i's debugger has left its artifacts for `want` captures (or gives up after 60 s).
wait_for() {
    local dir="$out/$1" kind="$2" want="$3" pattern
    case "$kind" in none) sleep 0.5; return 0 ;; dump) pattern="floor.dmp" ;; report) pattern="*.json" ;; esac
    for _ in $(seq 240); do
        if [ "$kind" = dump ]; then
            [ -s "$dir/floor.dmp" ] && { sleep 0.3; return 0; }
        else
            [ "$(find "$dir" -name "$pattern" | wc -l)" -ge "$want" ] && { sleep 0.5; return 0; }
        fi
        sleep 0.25
    done
    return 1
}

declare -A times
log "$runs rounds x ${#names[@]} variants, $arch crashy.exe (AeDebug of the $view view)"
for round in $(seq "$runs"); do
    for i in "${!names[@]}"; do
        v=$((i + 1))
        wine reg add "$aedebug" /v Debugger /d "${commands[$i]}" /f "$view" >/dev/null
        if [ -n "${options[$i]}" ]; then tr '|' '\n' <<<"${options[$i]}" > "$unix_install/lib/jvm.options"; else rm -f "$unix_install/lib/jvm.options"; fi
        rm -f "$out/$v/floor.dmp"
        start=$(now_ms)
        env "${envs[$i]}" wine "$crashy" $shim av-write >/dev/null 2>&1 || true
        elapsed=$(( $(now_ms) - start ))
        if wait_for "$v" "${artifacts[$i]}" "$round"; then
            times[$i]="${times[$i]:-} $elapsed"
        else
            log "round $round, ${names[$i]}: no artifact; run not counted"
        fi
    done
    log "round $round done"
done
rm -f "$unix_install/lib/jvm.options"

# Resident KiB of the processes whose command line holds $1, summed.
rss_of() {
    local total=0 pid kb
    for pid in $(pgrep -f "$1" || true); do
        kb=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
        total=$((total + ${kb:-0}))
    done
    echo "$total"
}
storm_lines=()
if [ -n "${storm:-}" ]; then
    for which in floor wercli service; do
        dir="$out/storm-$which"; rm -rf "$dir"; mkdir -p "$dir"
        crash_env=WERCLI_NO_SERVICE=1
        if [ "$which" = service ]; then
            # The service writes only to its installed folder: that variant's folder is emptied and used.
            dir="$(winepath -u "$service_dir")"
            find "$dir" -maxdepth 1 \( -name '*.dmp' -o -name '*.json' \) -delete
            cmd="\"$exe\" attach %ld %ld$jit_arg --dump-type 0x0 --dump-dir $service_dir"
            # The service and its launchers (the service's memory counts: it is the debugger here).
            pattern="wercli.exe"
            crash_env=WERCLI_BENCH=1
        elif [ "$which" = floor ]; then
            # A folder (trailing backslash): the floor names each dump after its pid.
            cmd="\"$(winepath -w "$root/tests/bench/$bin_dir/floor-debugger.exe")\" %ld %ld$jit_arg C:\\bench\\storm-floor\\"
            pattern="floor-debugger"
        else
            cmd="\"$exe\" attach %ld %ld$jit_arg --dump-type 0x0 --dump-dir C:\\bench\\storm-wercli"
            pattern="wercli.exe attach"
        fi
        wine reg add "$aedebug" /v Debugger /d "$cmd" /f "$view" >/dev/null
        peak=0
        start=$(now_ms)
        pids=()
        for _ in $(seq "$storm"); do
            env "$crash_env" wine "$crashy" $shim av-write >/dev/null 2>&1 &
            pids+=($!)
        done
        while [ -n "$(jobs -rp)" ]; do
            r=$(rss_of "$pattern"); [ "$r" -gt "$peak" ] && peak=$r
            sleep 0.1
        done
        wait || true
        elapsed=$(( $(now_ms) - start ))
        # wercli writes each report after its release: wait (sampling memory still) until every debugger is gone.
        # The service never exits: it is done when every report is in place.
        for _ in $(seq 1800); do
            r=$(rss_of "$pattern"); [ "$r" -gt "$peak" ] && peak=$r
            if [ "$which" = service ]; then
                [ "$(find "$dir" -maxdepth 1 -name '*.json' | wc -l)" -ge "$storm" ] && break
            else
                [ "$r" -eq 0 ] && break
            fi
            sleep 0.1
        done
        done_ms=$(( $(now_ms) - start ))
        dumps=$(find "$dir" -name '*.dmp' | wc -l)
        reports=$(find "$dir" -maxdepth 1 -name '*.json' | wc -l)
        storm_lines+=("$(printf '%-12s %9d %14d %16d %8d %8d %14d' "$which" "$storm" "$elapsed" "$done_ms" "$dumps" "$reports" $((peak / 1024)))")
    done
fi
wine reg add "$aedebug" /v Debugger /d 'winedbg --auto %ld %ld' /f "$view" >/dev/null

median() { tr ' ' '\n' <<<"$1" | sed '/^$/d' | sort -n | awk '{a[NR]=$1} END{if (NR) print a[int((NR+1)/2)]; else print 0}'; }
stat_of() { tr ' ' '\n' <<<"$1" | sed '/^$/d' | sort -n | awk '{a[NR]=$1} END{printf "%d..%d (n=%d)", a[1], a[NR], NR}'; }
none_ms=$(median "${times[0]:-}")
floor_ms=$(median "${times[$floor_index]:-}")
printf '\n%-34s %9s %22s %9s %14s %12s %10s\n' variant median_ms range x_floor above_floor_ms cost_ms cost_x_floor
for i in "${!names[@]}"; do
    m=$(median "${times[$i]:-}")
    cost=$((m - none_ms))
    printf '%-34s %9d %22s %9s %14d %12d %10s\n' "${names[$i]}" "$m" "$(stat_of "${times[$i]:-}")" \
        "$(awk -v a="$m" -v b="$floor_ms" 'BEGIN{ if (b > 0) printf "%.2f", a / b; else print "-" }')" "$((m - floor_ms))" "$cost" \
        "$(awk -v a="$cost" -v b="$((floor_ms - none_ms))" 'BEGIN{ if (b > 0) printf "%.2f", a / b; else print "-" }')"
done
printf '\nx_floor: median / floor median. above_floor_ms: median minus the floor median. cost: median minus "none"\n(Wine process start and crash handling).\n'
if [ "${#storm_lines[@]}" -gt 0 ]; then
    printf '\ncrash storm: %s processes crashing at once\n%-12s %9s %14s %16s %8s %8s %14s\n' "$storm" debugger crashes \
        all_exited_ms debuggers_done_ms dumps reports peak_rss_mib
    printf '%s\n' "${storm_lines[@]}"
    printf '(floor: reports column is 0, it writes none; peak_rss_mib: all debugger processes together)\n'
fi
