#!/usr/bin/env python3
"""Writes the container-field goldens with Falco 0.39.2 (developers only, never CI).

Container fields left libs for Falco's container plugin; Falco 0.39.2 (libs 0.18.2) is the
last Falco with them built in. ../shared/tools/build-falco-peer.sh builds it; then

  tests/conformance/make_container_goldens.py --peer /tmp/falco-peer [CAPTURE-ENTRY...]

runs one rule matching every event with every container field as output (JSON output) and
writes goldens/NAME.container.jsonl.gz in the format of the libs goldens. Events are paired
with Saker's by time, thread, type and direction (Falco 0.39's evt.num counts old enter
events, so it is not compared). Only captures with container events are worth it.
"""
import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile

import conformance_common as cc

KEY = ["evt.rawtime", "thread.tid", "evt.type", "evt.dir"]
CONTAINER_FIELDS = [
    "container.id", "container.full_id", "container.name", "container.image", "container.image.id",
    "container.type", "container.privileged", "container.mounts", "container.mount[0]",
    "container.mount.source[0]", "container.mount.dest[0]", "container.mount.mode[0]",
    "container.mount.rdwr[0]", "container.mount.propagation[0]", "container.image.repository",
    "container.image.tag", "container.image.digest", "container.healthcheck",
    "container.liveness_probe", "container.readiness_probe", "container.start_ts",
    "container.duration", "container.ip", "container.cni.json",
    "k8s.ns.name", "k8s.pod.name", "k8s.pod.uid", "k8s.pod.labels", "k8s.pod.ip",
]


def events_libs_returns(entry, fields, rows):
    """Falco 0.39.2's rows for the events current libs returns (its golden says which): libs 0.18
    still returned old enter events, and names some generic events otherwise, so rows are paired
    by time, thread and direction and take the libs golden's type name."""
    header, want = cc.read_golden(cc.golden_path(entry))
    lf = header["fields"]
    t, tid, typ, d = (fields.index(k) for k in KEY)
    by_key = {}
    for r in rows:
        by_key.setdefault((r[t], r[tid], r[d]), []).append(r)
    out = []
    for w in want:
        cands = by_key.get((w[lf.index("evt.rawtime")], w[lf.index("thread.tid")], w[lf.index("evt.dir")]))
        if not cands:
            continue
        r = list(cands.pop(0))
        r[typ] = w[lf.index("evt.type")]
        out.append(r)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--peer", required=True, help="the Falco peer's folder (bin/falco, falco.yaml)")
    ap.add_argument("captures", nargs="*", help="entries of captures.txt (default: shared:psp_privileged.scap)")
    args = ap.parse_args()
    fields = KEY + CONTAINER_FIELDS
    rule = {
        "rule": "every event",
        "desc": "prints the container fields of every event",
        "condition": "evt.num > 0",
        "output": " ".join(f"{f}=%{f}" for f in fields),
        "priority": "DEBUG",
    }
    with tempfile.TemporaryDirectory() as tmp:
        rules = os.path.join(tmp, "every_event.yaml")
        with open(rules, "w") as f:
            json.dump([rule], f)  # JSON is YAML
        for entry in args.captures or ["shared:psp_privileged.scap"]:
            path = cc.capture_path(entry)
            argv = [os.path.join(args.peer, "bin", "falco"), "-c", os.path.join(args.peer, "falco.yaml"),
                    "-o", "config_files=", "-r", rules, "-o", "json_output=true", "-o", "priority=debug",
                    "-o", "engine.kind=replay", "-o", f"engine.replay.capture_file={path}",
                    "-o", "stdout_output.enabled=true", "-o", "outputs.rate=0", "-o", "outputs.max_burst=0"]
            proc = subprocess.run(argv, capture_output=True, text=True, env=dict(os.environ, TZ="UTC"))
            rows = []
            for line in proc.stdout.splitlines():
                if not line.startswith("{"):
                    continue
                out = json.loads(line).get("output_fields", {})
                rows.append([None if out.get(f) in (None, "<NA>") else str(out.get(f)).lower()
                             if isinstance(out.get(f), bool) else str(out.get(f)) for f in fields])
            if proc.returncode != 0 or not rows:
                sys.exit(f"{entry}: falco failed ({proc.returncode}): {proc.stderr[-2000:]}")
            rows = events_libs_returns(entry, fields, rows)
            sha = hashlib.sha256(open(path, "rb").read()).hexdigest()
            header = {"reader": "falco 0.39.2 (libs 0.18.2)", "capture": entry, "capture_sha256": sha,
                      "fields": fields, "key_only": ["evt.num"]}
            out_path = cc.golden_path(entry).replace(".jsonl.gz", ".container.jsonl.gz")
            cc.write_golden(out_path, header, rows)
            print(f"{entry}: {len(rows)} events")


if __name__ == "__main__":
    main()
