#!/usr/bin/env python3
"""Compares Saker with the libs goldens, every field of every event (CI runs this).

  compare.py --saker BUILD/cli/saker [--report FILE.json] [--details N] [CAPTURE-ENTRY...]

Events are paired by (evt.rawtime, thread.tid, evt.type, evt.dir); every field of
oracle_fields.txt that Saker knows is compared, evt.num included. A difference fails unless an
entry of allowlist.yaml covers it (each entry has its reason). Exit status: 0 all equal or
allowed, 1 unexplained differences, 77 nothing to compare (../shared absent).
"""
import argparse
import fnmatch
import json
import os
import re
import subprocess
import sys

import conformance_common as cc

KEY = ["evt.rawtime", "thread.tid", "evt.type", "evt.dir"]


def load_allowlist():
    path = os.path.join(cc.HERE, "allowlist.json")
    with open(path, encoding="utf-8") as f:
        entries = json.load(f)
    for i, e in enumerate(entries):
        if not e.get("reason"):
            sys.exit(f"allowlist.json entry {i}: a reason is required")
        e["_hits"] = 0
        for k in ("libs", "saker"):
            if k in e:
                e["_" + k] = re.compile(e[k], re.S)
    return entries


def saker_fields(saker, capture, fields):
    """The oracle fields Saker knows (the others are reported as not compared)."""
    known = set()
    listing = subprocess.run([saker, "fields", "--json"], capture_output=True, text=True)
    if listing.returncode == 0:
        names = {f["name"] for f in json.loads(listing.stdout)}
        for f in fields:
            if f.split("[")[0] in names or any(f.startswith(n + ".") for n in names):
                known.add(f)
        return known
    for f in fields:
        r = subprocess.run([saker, "print", capture, "-n", "1", "-p", "*%" + f], capture_output=True)
        if r.returncode == 0:
            known.add(f)
    return known


def allowed(entries, entry, field, evtype, libs_value, saker_value):
    for e in entries:
        if "missing" in e:
            continue
        if "captures" in e and entry not in e["captures"]:
            continue
        if not fnmatch.fnmatchcase(field, e["field"]):
            continue
        if "evt.type" in e and not fnmatch.fnmatchcase(evtype or "", e["evt.type"]):
            continue
        lv = "<NA>" if libs_value is None else libs_value
        sv = "<NA>" if saker_value is None else saker_value
        if "_libs" in e and not e["_libs"].fullmatch(lv):
            continue
        if "_saker" in e and not e["_saker"].fullmatch(sv):
            continue
        if e.get("same_set") and sorted(lv.strip("()").split(",")) != sorted(sv.strip("()").split(",")):
            continue
        if e.get("control_as_dot") and re.sub(r"[\x00-\x1f\x7f]", ".", lv) != sv:
            continue
        if e.get("stale_length") and not (lv and (lv.startswith(sv) or sv.startswith(lv))):
            continue
        e["_hits"] += 1
        return True
    return False


def allowed_missing(entries, entry, side, evtype):
    for e in entries:
        if e.get("missing") != side:
            continue
        if "captures" in e and entry not in e["captures"]:
            continue
        if not fnmatch.fnmatchcase(evtype or "", e.get("evt.type", "*")):
            continue
        e["_hits"] += 1
        return True
    return False


def goldens_of(entry):
    """The libs golden of a capture, and Falco 0.39.2's container-field golden where there is one."""
    libs = cc.golden_path(entry)
    container = libs.replace(".jsonl.gz", ".container.jsonl.gz")
    return [libs] + ([container] if os.path.exists(container) else [])


def compare_capture(saker, entry, golden, entries, details, report):
    capture = cc.capture_path(entry)
    header, want = cc.read_golden(golden)
    fields = header["fields"]
    idx = {f: i for i, f in enumerate(fields)}
    known = sorted(saker_fields(saker, capture, fields), key=idx.get)
    for k in KEY:
        if k not in known:
            sys.exit(f"saker does not know the key field {k}")
    status, got, err = cc.run_reader([saker, "print", capture, "--all", "-v", "-p", cc.output_format(known)])
    if status != 0:
        print(f"{entry}: saker print exited {status}: {err.strip()[-500:]}", file=sys.stderr)
    kidx_libs = [idx[k] for k in KEY]
    kidx_saker = [known.index(k) for k in KEY]
    pending = {}
    for i, row in enumerate(got):
        pending.setdefault(tuple(row[j] for j in kidx_saker), []).append(i)
    used = [False] * len(got)
    stats = {"events_libs": len(want), "events_saker": len(got), "only_libs": 0, "only_saker": 0,
             "compared": 0, "equal": 0, "allowed": 0, "failed": 0,
             "fields_compared": len(known), "fields_not_known": [f for f in fields if f not in known]}
    per_field = {}
    shown = 0

    def note(kind, text):
        nonlocal shown
        if shown < details:
            print(f"  {kind}: {text}")
        shown += 1

    type_libs = idx["evt.type"]
    for row in want:
        key = tuple(row[j] for j in kidx_libs)
        cands = pending.get(key)
        if not cands:
            stats["only_libs"] += 1
            stats["compared"] += len(known)
            if allowed_missing(entries, entry, "saker", row[type_libs]):
                stats["allowed"] += len(known)
            else:
                stats["failed"] += len(known)
                stats["only_libs_unexplained"] = stats.get("only_libs_unexplained", 0) + 1
                note("only in libs", f"#{row[idx['evt.num']] if 'evt.num' in idx else '-'} {row[type_libs]} {row[idx['evt.dir']]} tid {row[idx['thread.tid']]} ts {row[idx['evt.rawtime']]}")
            continue
        j = cands.pop(0)
        used[j] = True
        mine = got[j]
        for k, f in enumerate(known):
            stats["compared"] += 1
            lv, sv = row[idx[f]], mine[k]
            if lv == sv:
                stats["equal"] += 1
                continue
            pf = per_field.setdefault(f, {"failed": 0, "allowed": 0, "examples": []})
            if allowed(entries, entry, f, row[type_libs], lv, sv):
                stats["allowed"] += 1
                pf["allowed"] += 1
            else:
                stats["failed"] += 1
                pf["failed"] += 1
                if len(pf["examples"]) < 3:
                    pf["examples"].append({"evt.num": row[idx["evt.num"]] if "evt.num" in idx else None, "evt.type": row[type_libs],
                                           "libs": lv, "saker": sv})
    type_saker = known.index("evt.type")
    for i, row in enumerate(got):
        if used[i]:
            continue
        stats["only_saker"] += 1
        stats["compared"] += len(known)
        if allowed_missing(entries, entry, "libs", row[type_saker]):
            stats["allowed"] += len(known)
        else:
            stats["failed"] += len(known)
            stats["only_saker_unexplained"] = stats.get("only_saker_unexplained", 0) + 1
            note("only in saker", f"{row[type_saker]} {row[known.index('evt.dir')]} tid {row[known.index('thread.tid')]} ts {row[known.index('evt.rawtime')]}")
    for f, pf in sorted(per_field.items(), key=lambda kv: -kv[1]["failed"]):
        if pf["failed"] and details:
            print(f"  {f}: {pf['failed']} differ" + (f" ({pf['allowed']} allowed)" if pf["allowed"] else ""))
            for ex in pf["examples"]:
                print(f"      #{ex['evt.num']} {ex['evt.type']}: libs {ex['libs']!r} saker {ex['saker']!r}")
    stats["per_field"] = per_field
    report["captures"][entry + ("" if golden == cc.golden_path(entry) else " (container)")] = stats
    return stats


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--saker", required=True)
    ap.add_argument("--report", help="write the figures as JSON here")
    ap.add_argument("--details", type=int, default=20, help="differences to show per capture")
    ap.add_argument("--baseline", help="fail only where a capture's unexplained differences (per field, "
                    "and events one side lacks) exceed this file's counts: known open work, not accepted")
    ap.add_argument("--write-baseline", help="write the current unexplained counts as a baseline here")
    ap.add_argument("captures", nargs="*")
    args = ap.parse_args()
    entries = load_allowlist()
    report = {"captures": {}, "skipped": []}
    total = {"compared": 0, "equal": 0, "allowed": 0, "failed": 0}
    for entry in args.captures or cc.read_list("captures.txt"):
        if not os.path.exists(cc.capture_path(entry)):
            report["skipped"].append(f"{entry}: {cc.capture_path(entry)} is absent")
            print(f"{entry}: skipped, capture absent")
            continue
        if not os.path.exists(cc.golden_path(entry)):
            report["skipped"].append(f"{entry}: no golden yet (make_goldens.py)")
            print(f"{entry}: skipped, no golden yet")
            continue
        for golden in goldens_of(entry):
            print(f"{entry} ({cc.read_golden(golden)[0]['reader']}):")
            s = compare_capture(args.saker, entry, golden, entries, args.details, report)
            for k in total:
                total[k] += s[k]
            print(f"  events reference {s['events_libs']} saker {s['events_saker']} (only reference "
                  f"{s['only_libs']}, only saker {s['only_saker']}); fields equal {s['equal']}/{s['compared']}, "
                  f"allowed {s['allowed']}, unexplained {s['failed']}; "
                  f"{len(s['fields_not_known'])} reference fields unknown to saker")
    if not report["captures"]:
        print("nothing compared: " + "; ".join(report["skipped"]))
        sys.exit(77)
    agreement = total["equal"] / total["compared"] if total["compared"] else 0.0
    report["total"] = dict(total, agreement=agreement)
    stale = [e for e in entries if e["_hits"] == 0 and not args.captures]
    report["stale_allowlist"] = [e["reason"] for e in stale]
    report["allowlist_hits"] = [{"field": e.get("field", "(missing events)"), "evt.type": e.get("evt.type", "*"),
                                 "hits": e["_hits"], "reason": e["reason"][:100]} for e in entries]
    print(f"total: {total['equal']}/{total['compared']} field values equal ({agreement:.4%}), "
          f"{total['allowed']} allowed differences, {total['failed']} unexplained")
    for e in stale:
        print(f"warning: allowlist entry matched nothing: {e.get('field', e.get('missing'))}: {e['reason']}")
    if args.report:
        with open(args.report, "w") as f:
            json.dump(report, f, indent=1)
    counts = unexplained_counts(report)
    if args.write_baseline:
        with open(args.write_baseline, "w") as f:
            json.dump(counts, f, indent=1, sort_keys=True)
            f.write("\n")
    if args.baseline:
        with open(args.baseline, encoding="utf-8") as f:
            base = json.load(f)
        worse = [(c, k, n, base.get(c, {}).get(k, 0)) for c, per in counts.items() for k, n in per.items()
                 if n > base.get(c, {}).get(k, 0)]
        better = sum(1 for c, per in base.items() for k, n in per.items() if counts.get(c, {}).get(k, 0) < n)
        for c, k, n, b in worse:
            print(f"REGRESSION {c}: {k}: {n} unexplained differences, baseline {b}")
        if better:
            print(f"{better} baseline counts are now lower: lower them (--write-baseline)")
        sys.exit(1 if worse else 0)
    sys.exit(1 if total["failed"] else 0)


def unexplained_counts(report):
    """Per capture: unexplained differences per field, and events only one side returns."""
    out = {}
    for name, s in report["captures"].items():
        per = {f: pf["failed"] for f, pf in s["per_field"].items() if pf["failed"]}
        for side in ("only_libs", "only_saker"):
            if s.get(side + "_unexplained", 0):
                per["events " + side] = s[side + "_unexplained"]
        out[name] = per
    return out


if __name__ == "__main__":
    main()
