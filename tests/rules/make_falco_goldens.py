#!/usr/bin/env python3
"""Writes tests/rules/falco_goldens/ from a real Falco (a developer tool; CI never runs it: CI
has no Falco). falco_diff_test.py compares Saker with what it writes.

  make_falco_goldens.py [--falco-peer DIR] [--only cases|upstream|captures]...

DIR holds bin/falco, falco.yaml and rules/falco_rules.yaml (falco-rules-3.2.0), as
/work/shared/tools/build-falco-peer.sh leaves them (Falco 0.39.2, libs 0.18.2, engine 0.43.0).
It runs Falco over
  cases     every case of tests/rules/cases/: `falco -V A -V B` (the validation result per
            file), and for a case with a replay, the alerts over its capture (with the case's
            rule_matching, -D, -t, -T; `with_default_rules` loads rules/default/saker_rules.yaml
            first, without its required_engine_version, which engine 0.43 refuses);
  upstream  every file of tests/rules/upstream/: `falco -V FILE`;
  captures  each ruleset of falco_diff_common.RULESETS, with every rule's output extended by
            PROBE (time, thread, event number), over samples/shell-session.scap and every
            ../shared/captures/*.scap, rule_matching all: every alert.
"""
import argparse
import gzip
import json
import os
import shutil
import subprocess
import sys
import tempfile

import falco_diff_common as dc


def falco_cmd(peer, *args):
    return [os.path.join(peer, "bin", "falco"), "-c", os.path.join(peer, "falco.yaml"), *args]


def falco_version(peer):
    out = subprocess.run(falco_cmd(peer, "--version"), capture_output=True, text=True).stdout
    v = {}
    for line in out.splitlines():
        if ":" in line:
            k, _, val = line.partition(":")
            if val.strip():
                v[k.strip()] = val.strip()
    return v


def validate(peer, paths):
    args = ["-o", "config_files=", "-o", "json_output=true"]
    for p in paths:
        args += ["-V", p]
    r = subprocess.run(falco_cmd(peer, *args), capture_output=True, text=True, cwd=os.path.dirname(paths[0]))
    start = r.stdout.find("{")
    doc = json.loads(r.stdout[start:r.stdout.rfind("}") + 1]) if start >= 0 else {}
    return r.returncode, doc


def replay(peer, rule_paths, capture, extra, workdir, extra_fields=True, selection=()):
    config = os.path.join(workdir, "diff-config.yaml")
    doc = {}
    if extra_fields:
        doc["append_output"] = [{"extra_fields": ["evt.rawtime", "thread.tid"]}]
    if selection:
        doc["rules"] = list(selection)
    with open(config, "w", encoding="utf-8") as f:
        f.write(json.dumps(doc) + "\n")
    args = ["-o", f"config_files={config}", "-o", "json_output=true", "-o", "engine.kind=replay",
            "-o", f"engine.replay.capture_file={capture}", "-o", "priority=debug",
            "-o", "stdout_output.enabled=true", "-o", "syslog_output.enabled=false",
            "-o", "webserver.enabled=false", *extra]
    for p in rule_paths:
        args += ["-r", p]
    r = subprocess.run(falco_cmd(peer, *args), capture_output=True, text=True, cwd=workdir)
    return r.returncode, dc.parse_alerts(r.stdout), r.stderr


def write_json(path, doc):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    text = json.dumps(doc, indent=1, sort_keys=True) + "\n"
    for old in (path, path + ".gz"):
        if os.path.exists(old):
            os.remove(old)
    if len(text) > 256 * 1024:
        with gzip.GzipFile(path + ".gz", "wb", mtime=0) as f:
            f.write(text.encode("utf-8"))
        return path + ".gz"
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def run_cases(peer, meta):
    results = {}
    for cid, case in dc.load_cases():
        with tempfile.TemporaryDirectory(prefix="falco-case-") as work:
            paths = dc.write_case_files(case, work)
            status, doc = validate(peer, paths)
            entry = {"validate_status": status, "validation": dc.reduce_validation(doc)}
            r = case.get("replay")
            if r:
                loaded = list(paths)
                if r.get("with_default_rules"):
                    d = os.path.join(work, "saker_rules.yaml")
                    dc.strip_engine_version(dc.default_rules_path(), d)
                    loaded.insert(0, d)
                extra = ["-o", "rule_matching=" + ("first" if r.get("first_match") else "all")]
                capture = os.path.join(dc.SAMPLES_DIR, r["capture"])
                status, alerts, err = replay(peer, loaded, capture, extra, work,
                                             selection=dc.falco_rule_selection(r))
                if status != 0:
                    print(err[-800:], file=sys.stderr)
                entry["replay"] = {
                    "status": status,
                    "capture": r["capture"],
                    "alerts": [{"rule": a["rule"], "priority": a["priority"], "time": a["time"],
                                "tid": a["output_fields"].get("thread.tid")} for a in alerts],
                }
            results[cid] = entry
            print(f"case {cid}: validate {status}", file=sys.stderr)
    write_json(os.path.join(dc.GOLDENS_DIR, "cases.json"), {"falco": meta, "cases": results})


def run_upstream(peer, meta):
    results = {}
    for name in sorted(os.listdir(dc.UPSTREAM_DIR)):
        if not name.endswith(".yaml"):
            continue
        status, doc = validate(peer, [os.path.join(dc.UPSTREAM_DIR, name)])
        red = dc.reduce_validation(doc)
        # a file that asks for a newer engine than 0.43 is not compared
        newer = any("engine version" in m for f in red for m in f["messages"])
        results[name] = {"validate_status": status, "validation": red, "engine_too_old": newer}
        print(f"upstream {name}: {status}{' (needs a newer engine)' if newer else ''}", file=sys.stderr)
    write_json(os.path.join(dc.GOLDENS_DIR, "upstream.json"), {"falco": meta, "files": results})


def run_captures(peer, meta):
    os.makedirs(os.path.join(dc.GOLDENS_DIR, "rulesets"), exist_ok=True)
    shutil.copyfile(os.path.join(peer, "rules", "falco_rules.yaml"),
                    os.path.join(dc.GOLDENS_DIR, "rulesets", "falco-rules-3.2.0-falco_rules.yaml"))
    for rs_name, (source, rule_samples) in dc.RULESETS.items():
        src = source()
        if not os.path.exists(src):
            print(f"ruleset {rs_name}: {src} absent, skipped", file=sys.stderr)
            continue
        with tempfile.TemporaryDirectory(prefix="falco-rs-") as work:
            rules = os.path.join(work, "rules.yaml")
            sha = dc.prepare_ruleset(src, rules)
            status, doc = validate(peer, [rules])
            for cap_name, cap in dc.captures(rule_samples):
                status, alerts, err = replay(peer, [rules], cap, ["-o", "rule_matching=all"], work,
                                             extra_fields=False)
                path = write_json(os.path.join(dc.GOLDENS_DIR, "captures", rs_name, cap_name + ".json"), {
                    "falco": meta, "ruleset": rs_name, "ruleset_sha256": sha, "capture": cap_name,
                    "rule_matching": "all", "status": status, "alerts": alerts,
                })
                print(f"{rs_name} {cap_name}: status {status}, {len(alerts)} alerts -> "
                      f"{os.path.relpath(path, dc.HERE)}", file=sys.stderr)
                if status != 0:
                    print(err[-2000:], file=sys.stderr)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--falco-peer", default=dc.FALCO_PEER)
    ap.add_argument("--only", action="append", choices=["cases", "upstream", "captures"])
    a = ap.parse_args()
    dc.FALCO_PEER = a.falco_peer
    meta = falco_version(a.falco_peer)
    meta["command"] = "falco -c falco.yaml -o config_files= (see make_falco_goldens.py)"
    only = a.only or ["cases", "upstream", "captures"]
    if "cases" in only:
        run_cases(a.falco_peer, meta)
    if "upstream" in only:
        run_upstream(a.falco_peer, meta)
    if "captures" in only:
        run_captures(a.falco_peer, meta)


if __name__ == "__main__":
    main()
