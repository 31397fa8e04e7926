#!/usr/bin/env bash
# Time and peak memory of `wercli analyze --json` against Breakpad's `minidump_stackwalk` on the same dumps,
# side by side in one run; prints medians and ratios.
#
#   tests/bench/analyze-bench.sh [--runs N] [--heap 128m] [MINI.dmp [FULL.dmp]]
#
# Defaults: the committed Wine mini dump, and a full-memory dump of >= 1 GiB written under Wine by
# tests/tools/dumpwrap.exe from tests/bench/bigcrash.exe (generated once into tests/bench/work/, ~70 s).
# wercli runs with -Xmx given by --heap (default 128m): a run that needed more heap would fail, so a
# completed table is also the proof that the heap stayed under that bound. Peak memory is the maximum
# resident set size from /usr/bin/time -v (for Java it includes the JVM itself and mapped file pages).
# Needs: target/wercli.jar (mvn package), /usr/bin/time, Breakpad tools (tests/setup-env.sh), and for the
# generated full dump wine + make -C tests/tools -C tests/bench.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
runs=5
heap=128m
files=()
while (($#)); do
    case "$1" in
        --runs) runs="$2"; shift 2 ;;
        --heap) heap="$2"; shift 2 ;;
        -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
        *) files+=("$1"); shift ;;
    esac
done

jar="$root/target/wercli.jar"
stackwalk="${WERCLI_STACKWALK:-$root/tests/.cache/npm/node_modules/minidump/bin/linux-x64/minidump_stackwalk}"
[ -f "$jar" ] || { echo "analyze-bench: no $jar: run mvn package" >&2; exit 2; }
[ -x "$stackwalk" ] || { echo "analyze-bench: no minidump_stackwalk: run tests/setup-env.sh" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "analyze-bench: needs /usr/bin/time (apt-get install time)" >&2; exit 2; }

mini="${files[0]:-$root/src/test/resources/dumps/wine-x64-av-write-mini.dmp}"
full="${files[1]:-}"
if [ -z "$full" ]; then
    work="$here/work"
    full="$work/bigcrash-full.dmp"
    if [ ! -s "$full" ]; then
        command -v wine >/dev/null || { echo "analyze-bench: no wine to write the full dump; pass FULL.dmp" >&2; exit 2; }
        make -s -C "$root/tests/tools" && make -s -C "$here"
        mkdir -p "$work"
        export WINEPREFIX="$work/prefix" WINEDEBUG=-all
        . "$root/tests/wine-prefix.sh"
        wine_prefix_ready --owned # made again when the installed Wine changed (e.g. wine32 added)
        echo "analyze-bench: writing a full-memory dump of a process with 1,100 MiB committed (about a minute)" >&2
        wine "$root/tests/tools/build/dumpwrap.exe" "$full" 0x20002 "$here/build/bigcrash.exe" 1100 >/dev/null
        wineserver -k || true
    fi
fi

# measure LABEL CMD... -> appends "seconds kib" lines to $tmp/LABEL
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
measure() {
    local label="$1"; shift
    # Wall time from the clock in ns (time's %e has 10 ms steps, too coarse for Breakpad); %M: peak RSS.
    local start end
    start=$(date +%s%N)
    /usr/bin/time -f "%M" -o "$tmp/one" "$@" >/dev/null 2>"$tmp/stderr" || {
        echo "analyze-bench: failed: $* ($(tail -1 "$tmp/stderr"))" >&2; exit 1; }
    end=$(date +%s%N)
    echo "$(awk -v n=$((end - start)) 'BEGIN {printf "%.4f", n / 1e9}') $(tail -1 "$tmp/one")" >> "$tmp/$label"
}
median() { # column file
    sort -n -k"$1" "$2" | awk -v c="$1" '{v[NR]=$c} END {print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'
}

# A second wercli variant with an application class-data archive (JDK 17 dynamic CDS, made here by one
# training run): how much of wercli's time is class loading that an installed launcher could archive.
jsa="$tmp/analyze.jsa"
java -XX:ArchiveClassesAtExit="$jsa" -Xmx"$heap" -jar "$jar" analyze --json "$mini" >/dev/null 2>&1 || true
cds=(-XX:SharedArchiveFile="$jsa" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC)
[ -s "$jsa" ] || { echo "analyze-bench: could not create the CDS archive; that variant runs without it" >&2; cds=(); }

printf '%-28s %12s %-22s %10s %14s\n' "dump" "size" "tool" "median s" "median RSS MiB"
for f in "$mini" "$full"; do
    name="$(basename "$f")"
    size=$(stat -c %s "$f")
    # Alternate the tools run by run so machine noise hits both alike; one warm-up run each first.
    java -Xmx"$heap" -jar "$jar" analyze --json "$f" >/dev/null 2>&1 || true
    "$stackwalk" "$f" >/dev/null 2>&1 || true
    rm -f "$tmp/wercli" "$tmp/wercli-cds" "$tmp/stackwalk"
    for ((i = 0; i < runs; i++)); do
        measure wercli java -Xmx"$heap" -jar "$jar" analyze --json "$f"
        measure wercli-cds java "${cds[@]}" -Xmx"$heap" -jar "$jar" analyze --json "$f"
        measure stackwalk "$stackwalk" "$f"
    done
    ws=$(median 1 "$tmp/wercli"); wm=$(median 2 "$tmp/wercli")
    cs=$(median 1 "$tmp/wercli-cds"); cm=$(median 2 "$tmp/wercli-cds")
    ss=$(median 1 "$tmp/stackwalk"); sm=$(median 2 "$tmp/stackwalk")
    printf '%-28s %12s %-22s %10.3f %14.1f\n' "$name" "$size" "wercli (-Xmx$heap)" "$ws" "$(echo "$wm/1024" | bc -l)"
    printf '%-28s %12s %-22s %10.3f %14.1f\n' "" "" "wercli + AppCDS, C1" "$cs" "$(echo "$cm/1024" | bc -l)"
    printf '%-28s %12s %-22s %10.3f %14.1f\n' "" "" "minidump_stackwalk" "$ss" "$(echo "$sm/1024" | bc -l)"
    printf '%-28s %12s %-22s %10s %14s\n' "" "" "ratio wercli/breakpad" \
        "$(awk -v a="$ws" -v b="$ss" 'BEGIN {print (b > 0) ? sprintf("%.1fx", a/b) : "n/a (0 s)"}')" \
        "$(awk -v a="$wm" -v b="$sm" 'BEGIN {print (b > 0) ? sprintf("%.1fx", a/b) : "n/a"}')"
    printf '%-28s %12s %-22s %10s %14s\n' "" "" "ratio AppCDS/breakpad" \
        "$(awk -v a="$cs" -v b="$ss" 'BEGIN {print (b > 0) ? sprintf("%.1fx", a/b) : "n/a (0 s)"}')" \
        "$(awk -v a="$cm" -v b="$sm" 'BEGIN {print (b > 0) ? sprintf("%.1fx", a/b) : "n/a"}')"
done
echo "runs per tool and dump: $runs (medians); machine: $(nproc) CPUs, $(uname -r)"
