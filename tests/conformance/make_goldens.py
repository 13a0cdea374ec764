#!/usr/bin/env python3
"""Writes the conformance goldens with libs' reference reader (developers only, never CI).

  ../shared/tools/build-libs-oracle.sh builds it (LIBS_GIT=<mirror of falcosecurity/libs>);
  tests/conformance/make_goldens.py --oracle WORKDIR/bin/sinsp-example [CAPTURE-ENTRY...]

Every event libs returns for every capture of captures.txt, with every field of
oracle_fields.txt, goes to goldens/NAME.jsonl.gz: a JSON header (libs commit, capture hash,
fields), then one JSON array per event.
"""
import argparse
import hashlib
import os
import subprocess
import sys

import conformance_common as cc


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--oracle", required=True, help="libs' sinsp-example")
    ap.add_argument("captures", nargs="*", help="entries of captures.txt (default: all)")
    args = ap.parse_args()
    commit_file = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(args.oracle))), "COMMIT")
    commit = open(commit_file).read().strip() if os.path.exists(commit_file) else "unknown"
    fields = cc.oracle_fields()
    fmt = cc.output_format(fields)
    for entry in args.captures or cc.read_list("captures.txt"):
        path = cc.capture_path(entry)
        if not os.path.exists(path):
            print(f"skip {entry}: {path} is absent", file=sys.stderr)
            continue
        status, rows, err = cc.run_reader([args.oracle, "-s", path, "-a", "-o", fmt])
        if status != 0 or not rows:
            sys.exit(f"{entry}: sinsp-example failed ({status}): {err[-2000:]}")
        for r in rows:
            if len(r) != len(fields):
                sys.exit(f"{entry}: a record has {len(r)} values for {len(fields)} fields")
        sha = hashlib.sha256(open(path, "rb").read()).hexdigest()
        header = {"reader": "libs sinsp-example", "libs_commit": commit, "capture": entry,
                  "capture_sha256": sha, "fields": fields}
        cc.write_golden(cc.golden_path(entry), header, rows)
        print(f"{entry}: {len(rows)} events")


if __name__ == "__main__":
    main()
