#!/usr/bin/env python3
"""Runs the inspector's fleet GUI test against two ClickHouse shards on loopback: starts them
(tests/fleet/clickhouse_cluster.py), runs saker fleet init, ships a copy of the shell sample
under two host names, then runs the Qt test with SAKER_FLEET_URL and SAKER_FLEET_DIR set.
Skipped (77) only when clickhouse-server is not installed."""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile

SKIP = 77
HOSTS = ["web-7", "db-2"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--saker", required=True)
    ap.add_argument("--test", required=True, help="the Qt test executable")
    ap.add_argument("--samples", required=True)
    ap.add_argument("--cluster-helper", required=True, help="the folder of clickhouse_cluster.py")
    args = ap.parse_args()
    sys.path.insert(0, args.cluster_helper)
    import clickhouse_cluster  # noqa: E402

    if not clickhouse_cluster.SERVER:
        print("SKIP: clickhouse-server is not installed (scripts/setup.sh installs it)")
        return SKIP
    with tempfile.TemporaryDirectory(prefix="saker-fleet-gui-") as tmp, clickhouse_cluster.Cluster(tmp) as cluster:
        url = cluster.url(0)
        subprocess.run([args.saker, "fleet", "init", url, "--shards", f"{cluster.url(0)},{cluster.url(1)}"],
                       check=True)
        for host in HOSTS:
            d = os.path.join(tmp, "captures", host)
            os.makedirs(d)
            cap = os.path.join(d, "shell-session.scap")
            shutil.copyfile(os.path.join(args.samples, "shell-session.scap"), cap)
            subprocess.run([args.saker, "ship", cap, "--clickhouse", url, "--host", host, "-q"], check=True)
        env = dict(os.environ, SAKER_FLEET_URL=url, SAKER_FLEET_DIR=os.path.join(tmp, "captures"))
        return subprocess.run([args.test], env=env).returncode


if __name__ == "__main__":
    sys.exit(main())
