#!/usr/bin/env bash
# Compares the module identities of `wercli analyze --json` with Breakpad's on real minidumps: for each *.dmp
# in DIR, every module that `minidump_stackwalk -m` gives a debug identifier (its "Module|name|version|
# debug_file|debug_id|base|..." lines) must appear in our report at the same base with the same
# pdb.symbol_server_id (compared without regard to case: Breakpad writes the age in lower-case hex) and the same
# PDB file name (Breakpad prints its last path part). Prints one row per dump: analyze's exit code and outcome,
# modules, modules with a Breakpad debug id, and how many of those match ours; then each mismatch.
#
#   tests/real-dumps/identities.sh DIR
#
# A dump passes when analyze does not call it damaged (exit 10, outcome "partial") and every Breakpad
# debug id matches. The dumps are other projects' test data and stay outside this repository (README.md).
# Needs: target/wercli.jar (mvn -q package -DskipTests), python3, and minidump_stackwalk: $WERCLI_STACKWALK,
# else tests/.cache/npm/... as tests/setup-env.sh installs it.
# Exit status: 0 when every dump passes, 1 when one does not, 2 on a usage or setup error.
set -euo pipefail

. "$(dirname "${BASH_SOURCE[0]}")/common.sh" "${1:-}" identities
i=0
for dump in "${dumps[@]}"; do
    i=$((i + 1))
    status=0
    java -jar "$jar" analyze --json "$dump" >"$work/$i.json" 2>"$work/$i.err" || status=$?
    "$stackwalk" -m "$dump" >"$work/$i.bp" 2>/dev/null || true
    printf '%s\t%s\t%s\n' "$i" "$status" "$dump" >>"$work/list"
done

python3 - "$work" <<'PY'
import json, os, sys

work = sys.argv[1]
failed = False
print("| dump | exit | outcome | modules | Breakpad debug ids | same in ours |")
print("|---|---|---|---|---|---|")
notes = []
for line in open(os.path.join(work, "list")):
    i, status, dump = line.rstrip("\n").split("\t")
    name = os.path.basename(dump)
    try:
        report = json.load(open(os.path.join(work, i + ".json")))
    except (OSError, ValueError):
        report = {}
    ours = {int(m["base"], 16): m for m in report.get("modules") or []}
    theirs = []
    for row in open(os.path.join(work, i + ".bp"), errors="replace"):
        f = row.rstrip("\n").split("|")
        if f[0] == "Module" and len(f) >= 6 and f[4]:
            theirs.append((int(f[5], 16), f[1], f[3], f[4]))
    same = 0
    for base, module, debug_file, debug_id in theirs:
        pdb = (ours.get(base) or {}).get("pdb") or {}
        ours_file = (pdb.get("file") or "").replace("/", "\\").split("\\")[-1]
        # Breakpad prints the age with printf's %x (lower case), we in upper case as the schema says; symbol
        # servers match the key without regard to case, so case is not a difference
        if (pdb.get("symbol_server_id") or "").upper() == debug_id.upper() and ours_file.lower() == debug_file.lower():
            same += 1
        else:
            notes.append("%s: %s at 0x%x: Breakpad %s %s, ours %s %s" % (name, module, base, debug_file, debug_id,
                         pdb.get("file"), pdb.get("symbol_server_id")))
    outcome = report.get("outcome")
    if status == "10" or outcome == "partial" or same != len(theirs):
        failed = True
    print("| %s | %s | %s | %d | %d | %d |" % (name, status, outcome, len(ours), len(theirs), same))
for n in notes:
    print("  mismatch: " + n)
sys.exit(1 if failed else 0)
PY
