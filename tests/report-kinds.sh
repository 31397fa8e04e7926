#!/usr/bin/env bash
# Crashes every crash kind under Wine with wercli as the AeDebug debugger, then checks each report against
# an independent reader: LLDB's backtrace of the same minidump (with the module files found via
# exec-search-paths, so it unwinds with their DWARF/.pdata), and Breakpad's minidump_stackwalk for the top
# frames (it has no symbols here, so it scans early: only its first frames are comparable). Prints one
# table row per kind and checks that the bucket id is stable across a rerun and differs between different
# fault locations (two kinds faulting at the same instruction, e.g. ods-av and av-write, share a bucket).
# A kind passes when its top 5 frames equal LLDB's, or when Breakpad agrees on the top 3 and every frame
# LLDB shows is in our trace (LLDB drops the caller of a call through a bad pointer; Breakpad does not).
#
#   tests/report-kinds.sh [--table-only] [OUT_DIR]   (default OUT_DIR: tests/work/report-kinds)
#   --table-only: do not crash anything, re-check the reports and dumps already in OUT_DIR
#
# Needs: tests/setup-env.sh done, target/wercli.jar built (mvn -q -o package -DskipTests), lldb, python3.
# Uses its own Wine prefix ($WERCLI_KINDS_PREFIX, default /tmp/wercli-report-kinds-$(id -u)).
# Exit status: 0 when every kind's top frames match LLDB's and the bucket checks hold, 1 otherwise.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
table_only=0
if [ "${1:-}" = "--table-only" ]; then table_only=1; shift; fi
out="${1:-$here/work/report-kinds}"
own_prefix=""; [ -n "${WERCLI_KINDS_PREFIX:-}" ] || own_prefix="--owned" # never delete a prefix we were given
export WINEPREFIX="${WERCLI_KINDS_PREFIX:-/tmp/wercli-report-kinds-$(id -u)}"
export WINEDEBUG=-all

eval "$("$here/setup-env.sh" --print-env)"
if [ "$table_only" = 0 ]; then
make -s -C "$here/targets"
[ -f "$repo/target/wercli.jar" ] || { echo "report-kinds: build target/wercli.jar first" >&2; exit 2; }

rm -rf "$out"; mkdir -p "$out/dumps"
cp "$repo/target/wercli.jar" "$out/wercli.jar"   # a rebuild during the run must not change the debugger
. "$here/wine-prefix.sh"
wine_prefix_ready $own_prefix # made again when the installed Wine changed (e.g. wine32 added); ours only
wineserver -p </dev/null >/dev/null 2>&1 || true
win() { winepath -w "$1" 2>/dev/null; }
reports() { local f=("$out"/dumps/*.json); [ -e "${f[0]}" ] && echo "${#f[@]}" || echo 0; }
# The 64-bit view, named (the kinds are x64): with wine32 installed a plain `wine reg` edits the 32-bit one.
wine reg add 'HKLM\Software\Microsoft\Windows NT\CurrentVersion\AeDebug' /v Debugger /t REG_SZ /f /reg:64 /d \
    "$(win "$WERCLI_WIN_JRE/bin/java.exe") -jar $(win "$out/wercli.jar") attach %ld %ld --dump-dir $(win "$out/dumps")" >/dev/null
wine reg add 'HKLM\Software\Microsoft\Windows NT\CurrentVersion\AeDebug' /v Auto /t REG_SZ /f /d 1 /reg:64 >/dev/null

build="$here/targets/build"
kinds=(
    "crashy av-write" "crashy av-read-thread" "crashy exec-bad" "crashy div-zero" "crashy illegal"
    "crashy breakpoint" "crashy raise-custom" "crashy ods-av"
    "faulthost dll-write" "faulthost dll-deep" "faulthost exe-deep" "faulthost dll-deep"
)
i=0
for kind in "${kinds[@]}"; do
    set -- $kind
    i=$((i + 1))
    name="$(printf '%02d' $i)-$1-$2"
    before="$(reports)"
    (cd "$out" && timeout 120 wine "$build/$1.exe" "$2" "$(win "$out/$name.facts")" >/dev/null 2>&1 || true)
    for _ in $(seq 60); do   # the report is written after the process is released
        [ "$(reports)" -gt "$before" ] && break
        sleep 1
    done
    if [ "$(reports)" -eq "$before" ]; then
        echo "report-kinds: no report for $kind" >&2
        continue
    fi
    report="$(ls -t "$out/dumps"/*.json | head -1)"
    dump="${report%.json}.dmp"
    mv "$report" "$out/$name.json"; [ -f "$dump" ] && mv "$dump" "$out/$name.dmp"
    (cd "$out" && timeout 120 lldb --batch \
        -o "settings set target.exec-search-paths $build $WINEPREFIX/drive_c/windows/system32" \
        -o "target create --core $out/$name.dmp" -o "thread backtrace" >"$out/$name.lldb" 2>&1 || true)
    "$WERCLI_STACKWALK" "$out/$name.dmp" >"$out/$name.breakpad" 2>/dev/null || true
done
fi

python3 - "$out" "$repo/docs/report.schema.json" <<'PY'
import glob, json, os, re, sys
out, schema_path = sys.argv[1], sys.argv[2]
try:
    import jsonschema
    validator = jsonschema.Draft202012Validator(json.load(open(schema_path)))
except ImportError:
    validator = None
rows, ok, buckets, reruns = [], True, {}, {}
for report_path in sorted(glob.glob(os.path.join(out, "*.json"))):
    name = os.path.basename(report_path)[:-5]
    r = json.load(open(report_path))
    lldb = open(os.path.join(out, name + ".lldb"), errors="replace").read()
    lldb_pcs = [int(m.group(1), 16) for m in re.finditer(r"frame #\d+: (0x[0-9a-f]+)", lldb)]
    breakpad = open(os.path.join(out, name + ".breakpad"), errors="replace").read()
    crashed = breakpad.split("(crashed)", 1)[-1].split("\nThread ", 1)[0]
    bp_pcs = [int(m.group(1), 16) for m in re.finditer(r"\n\s+rip = (0x[0-9a-f]+)", crashed)]
    frames = (r.get("crash_stack") or {}).get("frames", [])
    ours = [int(f["instruction_pointer"], 16) for f in frames]
    n = min(len(ours), len(lldb_pcs), 5)
    lldb_match = n > 0 and ours[:n] == lldb_pcs[:n]
    bp_match = len(bp_pcs) >= 3 and ours[:3] == bp_pcs[:3]
    match = lldb_match or (bp_match and set(lldb_pcs[:n]) <= set(ours))
    verdict = (f"LLDB {n}/{n}" if lldb_match else "LLDB differs") + (", Breakpad top 3 agree" if bp_match else "")
    fm = r.get("faulting_module") or {}
    where = fm.get("name", "?") + ("!" + fm["symbol"] if fm.get("symbol") else "+" + str(fm.get("offset")))
    sig = r.get("signature") or {}
    if fm.get("name") == "unknown" and sig.get("module_source") == "caller_frame":
        where = f"unknown (bucketed at caller {sig['module_name']}+{sig['offset']})"
    schema_ok = "n/a" if validator is None else ("ok" if not list(validator.iter_errors(r)) else "INVALID")
    location = (sig.get("module_name"), sig.get("offset"), sig.get("exception_code"))
    buckets.setdefault(location, set()).add(sig.get("bucket_id"))
    reruns.setdefault(name.split("-", 1)[1], []).append(sig.get("bucket_id"))
    ok &= match and schema_ok != "INVALID"
    rows.append((name, r["exception"]["code"] if r.get("exception") else "-", where,
                 " < ".join(f["location"] for f in frames[:4]), verdict if match else "DIFFER: " + verdict,
                 sig.get("bucket_id"), schema_ok))
print("| kind | code | faulting module!symbol | top frames (wercli) | vs LLDB | bucket | schema |")
print("|---|---|---|---|---|---|---|")
for row in rows:
    print("| " + " | ".join(str(c) for c in row) + " |")
rerun = reruns.get("faulthost-dll-deep", [])
stable = len(rerun) == 2 and rerun[0] == rerun[1] and rerun[0] is not None
one_per_location = all(len(ids) == 1 for ids in buckets.values())
all_ids = [next(iter(ids)) for ids in buckets.values()]
distinct = one_per_location and len(set(all_ids)) == len(all_ids)
print(f"\nbucket stable across a rerun of faulthost dll-deep: {stable}; "
      f"{len(set(all_ids))} distinct buckets for {len(buckets)} distinct fault locations: {distinct}")
sys.exit(0 if ok and stable and distinct else 1)
PY
