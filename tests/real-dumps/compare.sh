#!/usr/bin/env bash
# Compares our stack walk with Breakpad's on real minidumps: for each *.dmp in DIR, runs
# `java -jar target/wercli.jar analyze --json` and Breakpad's `minidump_stackwalk DUMP` (no symbols: it walks
# x86 stacks by the EBP chain and scanning, as we do) and prints one row per dump: CPU, the crashing thread's
# frame count for each, and whether the first N frames agree on module+offset (a bare address when no
# module holds the frame).
#
#   tests/real-dumps/compare.sh DIR [N]      (N: frames compared, default 5)
#
# A dump passes when our walk is at least as deep as Breakpad's (or stopped by our own frame bound,
# stop reason depth_limit) and the first min(N, both counts) frames agree. Dumps without an exception
# (no crashing thread) are listed and not judged. The dumps are not in this repository: they come from
# other projects' test suites (see README.md here) and stay outside it.
#
# Needs: target/wercli.jar (mvn -q package -DskipTests), python3, and minidump_stackwalk: $WERCLI_STACKWALK,
# else tests/.cache/npm/... as tests/setup-env.sh installs it.
# Exit status: 0 when every judged dump passes, 1 when one does not, 2 on a usage or setup error.
set -euo pipefail

. "$(dirname "${BASH_SOURCE[0]}")/common.sh" "${1:-}" compare
frames="${2:-5}"
i=0
for dump in "${dumps[@]}"; do
    i=$((i + 1))
    # analyze exits non-zero on a damaged dump but still prints what it read: keep its JSON either way
    java -jar "$jar" analyze --json "$dump" >"$work/$i.json" 2>"$work/$i.err" || true
    "$stackwalk" "$dump" >"$work/$i.bp" 2>/dev/null || true
    printf '%s\t%s\n' "$i" "$dump" >>"$work/list"
done

python3 - "$work" "$frames" <<'PY'
import json, os, re, sys

work, n = sys.argv[1], int(sys.argv[2])

def norm(module, offset, address):
    if module:
        return "%s+0x%x" % (module.lower(), int(offset, 16))
    return "0x%x" % int(address, 16)

def ours(path):
    try:
        report = json.load(open(path))
    except (OSError, ValueError):
        return None, None, None
    cpu = (report.get("process") or {}).get("architecture")
    stack = report.get("crash_stack")
    if not stack:
        return cpu, None, None
    return cpu, [norm(f["module"], f["module_offset"] or "0", f["instruction_pointer"]) for f in stack["frames"]], \
        stack["stop_reason"]

frame_line = re.compile(r"^\s*\d+\s{2}(\S.*?)\s*$")
def breakpad(path):
    cpu, frames, inside = None, None, False
    for line in open(path, errors="replace"):
        if line.startswith("CPU: "):
            cpu = line[5:].strip()
        elif re.match(r"^Thread \d+ \(crashed\)", line):
            inside, frames = True, []
        elif inside:
            if not line.strip():
                break
            m = frame_line.match(line)
            if m and "=" not in m.group(1) and not m.group(1).startswith("Found by"):
                text = m.group(1)
                if " + " in text:
                    module, off = text.rsplit(" + ", 1)
                    frames.append(norm(module, off, "0"))
                else:
                    frames.append(norm(None, None, text.split()[0]))
    return cpu, frames

rows, failed = [], 0
for line in open(os.path.join(work, "list")):
    i, dump = line.rstrip("\n").split("\t", 1)
    cpu, mine, stop = ours(os.path.join(work, i + ".json"))
    bp_cpu, theirs = breakpad(os.path.join(work, i + ".bp"))
    name = os.path.basename(dump)
    if mine is None or theirs is None:
        rows.append((name, cpu or bp_cpu or "?", len(mine) if mine else "-", len(theirs) if theirs else "-",
                     "n/a", "not judged: " + ("no crash stack from us" if mine is None else "") +
                     (" no crashed thread from Breakpad" if theirs is None else "")))
        continue
    k = min(n, len(mine), len(theirs))
    agree = mine[:k] == theirs[:k]
    deep = len(mine) >= len(theirs) or stop == "depth_limit"
    verdict = "ok" if agree and deep else "FAIL"
    note = stop
    if not agree:
        first = next(j for j in range(k) if mine[j] != theirs[j])
        note += "; frame %d: ours %s, Breakpad %s" % (first, mine[first], theirs[first])
    elif len(mine) < len(theirs):
        note += " (our frame bound)"
    failed += verdict != "ok"
    rows.append((name, cpu, len(mine), len(theirs), "yes (%d)" % k if agree else "NO", verdict + ": " + note))

head = ("dump", "cpu", "ours", "breakpad", "first frames agree", "verdict")
widths = [max(len(str(r[c])) for r in rows + [head]) for c in range(len(head))]
for r in [head] + rows:
    print("  ".join(str(v).ljust(w) for v, w in zip(r, widths)).rstrip())
print("%d dump(s), %d failed" % (len(rows), failed))
sys.exit(1 if failed else 0)
PY
