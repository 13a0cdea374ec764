#!/usr/bin/env python3
"""Compares Saker with Falco's own outputs in tests/rules/falco_goldens/ (CI runs this; the
goldens are written by make_falco_goldens.py on a machine with a Falco peer).

  falco_diff_test.py --saker BUILD/cli/saker {cases|captures} [--report FILE.json] [-v]

cases     every case of tests/rules/cases/ (validation per file: errors and warnings as
          code, item type, item name and file; a case's replay: the alerts as rule, priority
          and time) and every upstream rule file Falco's engine 0.43 accepts (validation).
captures  each ruleset of falco_diff_common.RULESETS over each capture: every alert paired by
          (rule, time, thread), then its priority, every output field and the output text.

A difference fails the test unless an entry of falco_allowlist.json covers it: each entry has
`match` (keys of the difference; values are fnmatch patterns) and a `reason`. Exit status: 0
equal or allowed, 1 unexplained differences, 77 nothing to compare (../shared absent and no
other capture).
"""
import argparse
import collections
import fnmatch
import gzip
import json
import os
import subprocess
import sys
import tempfile

import falco_diff_common as dc


def load_json(path):
    if os.path.exists(path + ".gz"):
        with gzip.open(path + ".gz", "rt", encoding="utf-8") as f:
            return json.load(f)
    with open(path, encoding="utf-8") as f:
        return json.load(f)


class Allowlist:
    def __init__(self):
        with open(dc.ALLOWLIST, encoding="utf-8") as f:
            self.entries = json.load(f)["entries"]
        for i, e in enumerate(self.entries):
            if not e.get("reason") or not e.get("match"):
                sys.exit(f"falco_allowlist.json entry {i}: match and reason are required")
            e["_hits"] = 0

    def covers(self, diff):
        for e in self.entries:
            if all(k in diff and fnmatch.fnmatchcase(str(diff[k]), str(v)) for k, v in e["match"].items()):
                e["_hits"] += 1
                return e
        return None


class Report:
    def __init__(self, allow, verbose):
        self.allow, self.verbose = allow, verbose
        self.unexplained, self.allowed = [], []
        self.figures = collections.OrderedDict()

    def diff(self, **d):
        """Records a difference; True when the allow-list covers it."""
        e = self.allow.covers(d)
        (self.allowed if e else self.unexplained).append(d)
        if not e or self.verbose:
            print(("allowed: " if e else "DIFF: ") + json.dumps(d, sort_keys=True))
        return e is not None


def saker_validate(saker, paths):
    r = subprocess.run([saker, "rules", "validate", "--json", *paths], capture_output=True, text=True,
                       cwd=os.path.dirname(paths[0]))
    try:
        return dc.reduce_validation(json.loads(r.stdout))
    except json.JSONDecodeError:
        return [{"file": "?", "successful": False, "errors": ["no JSON: " + r.stderr[-300:]], "warnings": []}]


def compare_validation(rep, where, falco, saker):
    """(every file's errors and warnings are the same items, every difference allowed)."""
    same = allowed = True
    sk = {f["file"]: f for f in saker}
    for f in falco:
        s = sk.get(f["file"], {"errors": [], "warnings": [], "successful": None})
        for sev in ("errors", "warnings"):
            a, b = set(f[sev]), set(s[sev])
            for item in sorted(a - b):
                allowed = rep.diff(type="validation", where=where, file=f["file"], severity=sev, item=item,
                                   side="falco only") and allowed
                same = False
            for item in sorted(b - a):
                allowed = rep.diff(type="validation", where=where, file=f["file"], severity=sev, item=item,
                                   side="saker only") and allowed
                same = False
    return same, allowed


def saker_replay(saker, rule_paths, capture, extra):
    args = [saker, "replay", "--json", "-q"]
    for p in rule_paths:
        args += ["-r", p]
    r = subprocess.run(args + extra + [capture], capture_output=True, text=True)
    return r.returncode, dc.parse_alerts(r.stdout), r.stderr


def run_cases(saker, rep):
    golden = load_json(os.path.join(dc.GOLDENS_DIR, "cases.json"))
    print(f"Falco {golden['falco'].get('Falco version')} (engine {golden['falco'].get('Engine')})")
    equal = allowed = compared = 0
    replays_equal = replays_allowed = replays = 0
    for cid, case in dc.load_cases():
        g = golden["cases"].get(cid)
        if g is None:
            print(f"note: case '{cid}' has no Falco golden (run make_falco_goldens.py)")
            continue
        with tempfile.TemporaryDirectory(prefix="saker-falco-case-") as work:
            paths = dc.write_case_files(case, work)
            compared += 1
            same, ok = compare_validation(rep, "case " + cid, g["validation"], saker_validate(saker, paths))
            equal += same
            allowed += ok and not same
            r = case.get("replay")
            if r and "replay" in g:
                replays += 1
                extra = ["--rule-matching", "first" if r.get("first_match") else "all"]
                if r.get("with_default_rules"):
                    extra.append("--with-default-rules")
                for d in r.get("disable", []):
                    extra += ["-D", d]
                for t in r.get("tags", []):
                    extra += ["-t", t]
                for t in r.get("no_tags", []):
                    extra += ["-T", t]
                status, alerts, err = saker_replay(saker, paths, os.path.join(dc.SAMPLES_DIR, r["capture"]), extra)
                same = ok = True
                if (status == 0) != (g["replay"]["status"] == 0):
                    same = False
                    ok = rep.diff(type="case-replay-status", where="case " + cid, falco=g["replay"]["status"],
                                  saker=status) and ok
                key = lambda a: (a["rule"], a["priority"], a["time"])
                fa = collections.Counter(key(a) for a in g["replay"]["alerts"])
                sa = collections.Counter(key(a) for a in alerts)
                for k in sorted(set(fa) | set(sa), key=str):
                    if fa[k] != sa[k]:
                        same = False
                        ok = rep.diff(type="case-alert", where="case " + cid, rule=k[0], priority=k[1], time=k[2],
                                      falco=fa[k], saker=sa[k]) and ok
                replays_equal += same
                replays_allowed += ok and not same
    rep.figures["case validation results equal (+ allowed) / compared"] = f"{equal} (+{allowed}) / {compared}"
    rep.figures["case replays equal (+ allowed) / compared"] = f"{replays_equal} (+{replays_allowed}) / {replays}"

    up = load_json(os.path.join(dc.GOLDENS_DIR, "upstream.json"))
    equal = allowed = compared = 0
    for name, g in sorted(up["files"].items()):
        if g["engine_too_old"]:
            print(f"note: upstream {name} needs an engine newer than Falco 0.39.2's: not compared")
            continue
        compared += 1
        same, ok = compare_validation(rep, "upstream " + name, g["validation"],
                                      saker_validate(saker, [os.path.join(dc.UPSTREAM_DIR, name)]))
        equal += same
        allowed += ok and not same
    rep.figures["upstream validation results equal (+ allowed) / compared"] = f"{equal} (+{allowed}) / {compared}"
    return True


def compare_alert(rep, where, rule, f, s):
    """The differences of one alert pair: (no difference at all, every difference allowed)."""
    diffs = []
    if f["priority"] != s["priority"]:
        diffs.append(dict(type="alert-priority", where=where, rule=rule, falco=f["priority"], saker=s["priority"]))
    ff, sf = f["output_fields"], s["output_fields"]
    for name in sorted(set(ff) | set(sf)):
        if name not in sf or name not in ff:
            diffs.append(dict(type="alert-field-missing", where=where, rule=rule, field=name,
                              side="falco only" if name in ff else "saker only"))
        elif dc.norm_value(ff[name]) != dc.norm_value(sf[name]):
            diffs.append(dict(type="alert-field", where=where, rule=rule, field=name,
                              falco=dc.norm_value(ff[name]), saker=dc.norm_value(sf[name])))
    # the rendered text, once its field values agree
    if not diffs and f["output"] != s["output"]:
        diffs.append(dict(type="alert-output", where=where, rule=rule, falco=f["output"], saker=s["output"]))
    allowed = all([rep.diff(**d) for d in diffs])
    return not diffs, allowed


def run_captures(saker, rep):
    compared_any = False
    total_equal = total_allowed = total = 0
    for rs_name, (source, rule_samples) in dc.RULESETS.items():
        gdir = os.path.join(dc.GOLDENS_DIR, "captures", rs_name)
        if not os.path.isdir(gdir):
            continue
        src = source()
        if not os.path.exists(src):
            print(f"skipped: ruleset {rs_name}: {src} absent (../shared absent?)")
            continue
        with tempfile.TemporaryDirectory(prefix="saker-falco-rs-") as work:
            rules = os.path.join(work, "rules.yaml")
            sha = dc.prepare_ruleset(src, rules)
            for cap_name, cap in dc.captures(rule_samples):
                gpath = os.path.join(gdir, cap_name + ".json")
                if not (os.path.exists(gpath) or os.path.exists(gpath + ".gz")):
                    print(f"note: {rs_name} over {cap_name}: no Falco golden")
                    continue
                g = load_json(gpath)
                where = f"{rs_name} {cap_name}"
                if g["ruleset_sha256"] != sha:
                    rep.diff(type="golden-stale", where=where, reason="the rule file changed since the golden was made")
                    continue
                if g["status"] != 0:
                    print(f"note: {where}: Falco exited {g['status']}: not compared")
                    continue
                compared_any = True
                status, alerts, err = saker_replay(saker, [rules], cap, ["--rule-matching", "all"])
                if status != 0:
                    rep.diff(type="replay-status", where=where, falco=0, saker=status, stderr=err[-300:])
                key = lambda a: (a["rule"], a["time"], dc.norm_value(a["tid"]))
                falco_by, saker_by = collections.defaultdict(list), collections.defaultdict(list)
                for a in g["alerts"]:
                    falco_by[key(a)].append(a)
                for a in alerts:
                    saker_by[key(a)].append(a)
                equal = allowed = compared = 0
                for k in sorted(set(falco_by) | set(saker_by), key=str):
                    fl, sl = falco_by.get(k, []), saker_by.get(k, [])
                    for i in range(max(len(fl), len(sl))):
                        compared += 1
                        if i >= len(sl):
                            allowed += rep.diff(type="alert-missing", where=where, rule=k[0], time=k[1], tid=k[2])
                        elif i >= len(fl):
                            allowed += rep.diff(type="alert-extra", where=where, rule=k[0], time=k[1], tid=k[2])
                        else:
                            same, ok = compare_alert(rep, where, k[0], fl[i], sl[i])
                            equal += same
                            allowed += ok and not same
                rep.figures[f"alerts equal (+ allowed) / compared: {where}"] = f"{equal} (+{allowed}) / {compared}"
                total_equal += equal
                total_allowed += allowed
                total += compared
    rep.figures["alerts equal (+ allowed) / compared: all"] = f"{total_equal} (+{total_allowed}) / {total}"
    return compared_any


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--saker", required=True)
    ap.add_argument("what", choices=["cases", "captures"])
    ap.add_argument("--report")
    ap.add_argument("-v", "--verbose", action="store_true", help="print allowed differences too")
    a = ap.parse_args()
    a.saker = os.path.abspath(a.saker)
    rep = Report(Allowlist(), a.verbose)
    anything = run_cases(a.saker, rep) if a.what == "cases" else run_captures(a.saker, rep)
    for k, v in rep.figures.items():
        print(f"{k}: {v}")
    print(f"differences: {len(rep.allowed)} allowed, {len(rep.unexplained)} unexplained")
    if a.report:
        with open(a.report, "w", encoding="utf-8") as f:
            json.dump({"figures": rep.figures, "unexplained": rep.unexplained, "allowed": rep.allowed}, f, indent=1)
    if rep.unexplained:
        return 1
    if not anything:
        print("skipped: nothing to compare (../shared absent)")
        return 77
    return 0


if __name__ == "__main__":
    sys.exit(main())
