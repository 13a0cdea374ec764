#!/usr/bin/env python3
"""saker ship rate and saker fleet query/search latency on two local ClickHouse shards.

Usage: bench/fleet_bench.py [EVENTS_PER_CAPTURE] [HOSTS] [RUNS] [FLEET_ROWS]   (after scripts/build.sh)
One synthetic `load` capture of EVENTS events is shipped HOSTS times under different host
names (a new identity each time), so the fleet holds EVENTS x HOSTS event rows over both
shards. With FLEET_ROWS (e.g. 100000000), each shard then copies its shipped hosts' rows under
new host names (that hash to the same shard) until the fleet holds FLEET_ROWS event rows: a
generated fleet, made by the servers (INSERT ... SELECT) instead of shipping every copy. Then
each question runs RUNS times and the best wall time is printed.
SAKER and SAKER_GENCAP name other binaries."""
import os
import subprocess
import sys
import tempfile
import time

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(root, "tests", "fleet"))
import clickhouse_cluster  # noqa: E402

events = int(sys.argv[1]) if len(sys.argv) > 1 else 1000000
hosts = int(sys.argv[2]) if len(sys.argv) > 2 else 4
runs = int(sys.argv[3]) if len(sys.argv) > 3 else 3
fleet_rows = int(sys.argv[4]) if len(sys.argv) > 4 else 0
saker = os.environ.get("SAKER", os.path.join(root, "build", "cli", "saker"))
gencap = os.environ.get("SAKER_GENCAP", os.path.join(root, "build", "bench", "saker-gencap"))


def server_cpu(cluster):
    """CPU seconds (user + system) the ClickHouse servers used so far."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for proc in cluster.procs:
        fields = open(f"/proc/{proc.pid}/stat").read().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])
    return total / tick


def timed(cmd):
    t0 = time.time()
    r0 = os.times()
    p = subprocess.run(cmd, capture_output=True, text=True)
    r1 = os.times()
    if p.returncode:
        sys.exit(f"{' '.join(cmd)}: exit {p.returncode}\n{p.stderr[-2000:]}")
    return time.time() - t0, (r1.children_user - r0.children_user) + (r1.children_system - r0.children_system), p


def grow(c, shipped, target):
    """Each shard copies its shipped hosts' events (and captures rows) under generated host names
    that hash to that shard, until the fleet holds about `target` event rows."""
    t0 = time.time()
    s0 = server_cpu(c)
    taken = set(shipped)
    k = 0
    for shard in range(2):
        sources = [h for h in shipped if int(c.sql(0, f"SELECT cityHash64('{h}') % 2")) == shard]
        if not sources:
            continue
        have = int(c.sql(shard, "SELECT count() FROM saker.events_local"))
        per_source = int(c.sql(shard, f"SELECT count() FROM saker.events_local WHERE host = '{sources[0]}'"))
        want = target // 2
        while have < want:
            names = []
            while len(names) < min(20, -(-(want - have) // per_source)):
                k += 1
                name = f"gen-{k}"
                if name not in taken and int(c.sql(0, f"SELECT cityHash64('{name}') % 2")) == shard:
                    names.append(name)
                    taken.add(name)
            arr = "[" + ", ".join(f"'{n}'" for n in names) + "]"
            for table in ("events", "captures"):
                cols = [line.split("\t")[0] for line in c.sql(shard, f"DESCRIBE saker.{table}_local").splitlines()]
                select = ", ".join("g" if col == "host" else f"`{col}`" for col in cols)
                c.sql(shard, f"INSERT INTO saker.{table}_local SELECT {select} FROM saker.{table}_local "
                             f"ARRAY JOIN {arr} AS g WHERE host = '{sources[0]}'", timeout=900)
            have = int(c.sql(shard, "SELECT count() FROM saker.events_local"))
            print(f"  generated fleet: shard {shard + 1} holds {have} event rows ({time.time() - t0:.0f} s)",
                  flush=True)
    print(f"generated fleet: {time.time() - t0:.0f} s, ClickHouse CPU {server_cpu(c) - s0:.0f} s")


with tempfile.TemporaryDirectory(prefix="saker-fleet-bench-", dir=os.environ.get("SAKER_BENCH_TMP")) as tmp:
    cap = os.path.join(tmp, "load.scap")
    subprocess.run([gencap, "--scenario", "load", "--events", str(events), "-o", cap], check=True,
                   capture_output=True)
    print(f"capture: {events} events, {os.path.getsize(cap) // 1000000} MB (synthetic load scenario)")
    wall, cpu, _ = timed([saker, "index", cap])
    print(f"saker index (once, reused by every ship): {wall:.2f} s")
    with clickhouse_cluster.Cluster(tmp) as c:
        url = c.url(0)
        timed([saker, "fleet", "init", url, "--shards", f"{c.url(0)},{c.url(1)}"])
        total_rows = 0
        # Host names alternating between the two shards (the sharding key is cityHash64(host)).
        names = []
        for k in range(1000):
            if len(names) == hosts:
                break
            if int(c.sql(0, f"SELECT cityHash64('bench-{k}') % 2")) == len(names) % 2:
                names.append(f"bench-{k}")
        for h in names:
            s0 = server_cpu(c)
            wall, cpu, p = timed([saker, "ship", cap, "--clickhouse", url, "--host", h, "-q"])
            scpu = server_cpu(c) - s0
            rows = int(c.sql(0, f"SELECT count() FROM saker.events_dist WHERE host = '{h}'"))
            total_rows += rows
            print(f"ship {h}: {rows} event rows in {wall:.2f} s: {rows / wall / 1e6:.2f} M rows/s "
                  f"(CPU: saker {cpu:.2f} s, {rows / cpu / 1e6:.2f} M rows/s; ClickHouse {scpu:.2f} s, "
                  f"{rows / scpu / 1e6:.2f} M rows/s)")
        if fleet_rows > total_rows:
            grow(c, names, fleet_rows)
            total_rows = sum(int(c.sql(i, "SELECT count() FROM saker.events_local")) for i in range(2))
        per_shard = [int(c.sql(i, "SELECT count() FROM saker.events_local")) for i in range(2)]
        disk = [int(c.sql(i, "SELECT sum(bytes_on_disk) FROM system.parts WHERE active AND database = 'saker'"))
                for i in range(2)]
        print(f"fleet: {total_rows} event rows, per shard {per_shard}, on disk {[d // 1000000 for d in disk]} MB")
        questions = [
            ("count by host", ["fleet", "query", url, "SELECT host, count() FROM events GROUP BY host"]),
            ("events per type, whole fleet",
             ["fleet", "query", url, "SELECT type, count() AS n FROM events GROUP BY type ORDER BY n DESC LIMIT 5"]),
            ("hosts that ran a process name",
             ["fleet", "query", url, "SELECT host, count() FROM events WHERE proc_name = 'worker3' GROUP BY host"]),
            ("one host, 1 s time window",
             ["fleet", "query", url, f"SELECT count() FROM events WHERE host = '{names[0]}' AND ts BETWEEN "
              "1732521600000000000 AND 1732521601000000000"]),
            ("fleet search fd.name = /etc/hosts, -n 100",
             ["fleet", "search", url, "fd.name = /etc/hosts", "-n", "100"]),
            ("fleet search proc.name = worker3 and evt.type = execve",
             ["fleet", "search", url, "proc.name = worker3 and evt.type = execve"]),
            ("fleet search a connect on one host",
             ["fleet", "search", url, "evt.type = connect and fd.name contains 10.0.0.9", "--host", names[-1], "-n",
              "10"]),
        ]
        for name, args in questions:
            best = None
            lines = 0
            for _ in range(runs):
                s0 = server_cpu(c)
                wall, cpu, p = timed([saker] + args)
                scpu = server_cpu(c) - s0
                lines = p.stdout.count("\n")
                if best is None or wall < best[0]:
                    best = (wall, scpu)
            print(f"{name:<58} {best[0] * 1000:8.0f} ms  (ClickHouse CPU {best[1] * 1000:.0f} ms; {lines} lines)")
    print(f"load average: {open('/proc/loadavg').read().split()[:3]}")
