#!/usr/bin/env python3
"""saker ship / fleet against two ClickHouse shards: fleet answers equal the union of the
per-capture local answers (saker query, saker search), shipping twice stores once, and a shard
stopped in the middle of a ship loses nothing once it is back and the ship is resumed."""
import argparse
import collections
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import clickhouse_cluster  # noqa: E402

SKIP = 77

# Questions asked of each capture locally and of the fleet (with host in front).
QUERIES = [
    "SELECT num, ts, cpu, tid, pid, type, dir, res, fd, fd_name, proc_name, user_name, container_id, process, "
    "offset, etype, pname FROM events",
    "SELECT proc_name, count(*) AS n FROM events GROUP BY proc_name",
    "SELECT id, pid, tid, ppid, parent, previous, name, exe, exepath, cmdline, cwd, uid, user_name, container_id, "
    "start_kind, start_num, start_ts, end_kind, end_num, end_ts FROM processes",
    "SELECT id, path, type, events, first_num, last_num FROM files",
    "SELECT id, name, type, l4proto, client_ip, client_port, server_ip, server_port, events FROM connections",
    "SELECT id, full_id, name, image, type, privileged, events FROM containers",
    "SELECT num, ts, rule, priority, tags, line FROM alerts",
]

FILTERS = [
    "evt.type = openat",
    "proc.name = curl",
    "fd.name startswith /etc and evt.type in (open, openat)",
    "not proc.name = bash and evt.dir = <",
    "fd.name contains passwd or proc.pname = sudo",
    "evt.type = execve and not user.name = root",
    "proc.name glob 'c*'",
    "fd.num > 2 and evt.rawres >= 0",
    "",
]


def run(cmd, check=True, env=None):
    p = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if check and p.returncode != 0:
        raise AssertionError(f"{' '.join(cmd)} exited {p.returncode}\nstdout: {p.stdout[-3000:]}\nstderr: {p.stderr[-3000:]}")
    return p


def norm(v):
    return None if v is None else str(v)


def local_rows(saker, capture, sql, host):
    out = run([saker, "query", capture, sql, "--format", "json"]).stdout
    rows = collections.Counter()
    for line in out.splitlines():
        obj = json.loads(line)
        rows[(host,) + tuple(norm(v) for v in obj.values())] += 1
    return rows


def fleet_rows(saker, url, sql):
    out = run([saker, "fleet", "query", url, sql, "--format", "json"]).stdout
    rows = collections.Counter()
    for line in out.splitlines():
        obj = json.loads(line)
        rows[tuple(norm(v) for v in obj.values())] += 1
    return rows


def fleet_sql(sql):
    """The local SQL over the fleet: host first, GROUP BY host too."""
    sql = sql.replace("SELECT ", "SELECT host, ", 1).replace("count(*)", "count()")
    return sql.replace("GROUP BY ", "GROUP BY host, ")


def check(cond, message):
    if not cond:
        raise AssertionError(message)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--saker", required=True)
    ap.add_argument("--samples", required=True)
    ap.add_argument("--shared", required=True)
    args = ap.parse_args()
    if not clickhouse_cluster.SERVER:
        print("SKIP: clickhouse-server is not installed (scripts/setup.sh installs it)")
        return SKIP
    saker = args.saker
    started = time.time()
    with tempfile.TemporaryDirectory(prefix="saker-fleet-") as tmp, clickhouse_cluster.Cluster(tmp) as cluster:
        url = cluster.url(0)
        run([saker, "fleet", "init", url, "--shards", f"{cluster.url(0)},{cluster.url(1)}"])
        # Captures standing for hosts: the sample twice (two hosts), and each shared capture.
        sources = [os.path.join(args.samples, "shell-session.scap")] * 2
        sources += sorted(glob.glob(os.path.join(args.shared, "captures", "*.scap")))
        captures = []
        for k, src in enumerate(sources):
            d = os.path.join(tmp, f"host{k}")
            os.makedirs(d)
            dst = os.path.join(d, os.path.basename(src))
            shutil.copyfile(src, dst)
            captures.append((f"host-{k}", dst))
        for host, cap in captures:
            run([saker, "ship", cap, "--clickhouse", url, "--host", host, "--batch-rows", "1000"])
        per_shard = [int(cluster.sql(i, "SELECT count() FROM saker.events_local")) for i in range(2)]
        check(all(n > 0 for n in per_shard), f"every shard holds rows: {per_shard}")
        print(f"shipped {len(captures)} captures, event rows per shard {per_shard}")
        # ship writes each host straight into the shard the Distributed table would pick.
        for i in range(2):
            check(cluster.sql(i, "SELECT count() FROM saker.shards FINAL").strip() == "2", "both shards mapped")
        for host, _ in captures:
            shard = int(cluster.sql(0, f"SELECT cityHash64('{host}') % 2"))
            on = [int(cluster.sql(i, f"SELECT count() FROM saker.events_local WHERE host = '{host}'")) for i in range(2)]
            check(on[shard] > 0 and on[1 - shard] == 0, f"{host} belongs on shard {shard + 1}: rows per shard {on}")

        # fleet query == union of the local answers.
        for sql in QUERIES:
            want = collections.Counter()
            for host, cap in captures:
                want.update(local_rows(saker, cap, sql, host))
            got = fleet_rows(saker, url, fleet_sql(sql))
            check(got == want, f"fleet query differs for {sql}:\nonly fleet {list((got - want).items())[:5]}\n"
                               f"only local {list((want - got).items())[:5]}")
        print(f"{len(QUERIES)} queries: fleet answers equal the local ones")

        # fleet search == union of the local searches, with host and capture in front.
        counts = []
        for flt in FILTERS:
            want = []
            for host, cap in captures:
                out = run([saker, "search", cap] + ([flt] if flt else [])).stdout
                want += [f"{host} {os.path.basename(cap)} {line}" for line in out.splitlines()]
            got = run([saker, "fleet", "search", url, flt]).stdout.splitlines()
            check(sorted(got) == sorted(want),
                  f"fleet search differs for '{flt}': {len(got)} lines, local {len(want)}:\n"
                  f"only fleet {sorted(set(got) - set(want))[:3]}\nonly local {sorted(set(want) - set(got))[:3]}")
            counts.append(len(got))
            # With a small limit, the first lines in (host, capture, event number) order.
            key = lambda line: (line.split(" ")[0], line.split(" ")[1], int(line.split(" ")[2]))
            got = run([saker, "fleet", "search", url, flt, "-n", "7"]).stdout.splitlines()
            check(got == sorted(want, key=key)[:7], f"fleet search -n 7 differs for '{flt}': {got[:2]}")
        check(all(counts[:3]) and counts[-1] > counts[0], f"searches find events: {counts}")
        print(f"{len(FILTERS)} searches: fleet lines equal the local ones ({counts} lines)")
        got = run([saker, "fleet", "search", url, "proc.name = curl", "--host", "host-0"]).stdout.splitlines()
        check(got and all(l.startswith("host-0 ") for l in got), "--host keeps one host")
        check(run([saker, "fleet", "search", url, "proc.name = curl", "--since", "2100-01-01T00:00:00Z"]).stdout == "",
              "--since in the future finds nothing")

        # Unshipped fields are named; writes and several statements are refused.
        p = run([saker, "fleet", "search", url, "proc.cmdline contains x and fd.sport = 80"], check=False)
        check(p.returncode == 1 and "proc.cmdline" in p.stderr and "fd.sport" in p.stderr, p.stderr)
        check("--fetch" in p.stderr, p.stderr)

        # --fetch: any field; candidates checked exactly against the captures here.
        key = lambda line: (line.split(" ")[0], line.split(" ")[1], int(line.split(" ")[2]))
        for flt in ["proc.cmdline contains curl", "not proc.cmdline contains bash and evt.type = openat",
                    "fd.sport = 80 or proc.name = curl", "proc.aname[1] = bash and fd.name startswith /etc"]:
            want = []
            for host, cap in captures:
                out = run([saker, "search", cap, flt]).stdout
                want += [f"{host} {os.path.basename(cap)} {line}" for line in out.splitlines()]
            p = run([saker, "fleet", "search", url, flt, "--fetch"])
            got = p.stdout.splitlines()
            check(got == sorted(want, key=key), f"fleet search --fetch differs for '{flt}': {len(got)} lines, "
                                                f"local {len(want)}: {sorted(set(got) ^ set(want))[:3]}")
            check(f"{len(captures)} captures searched here" not in p.stderr or "not (" not in p.stderr, p.stderr)
        check(want, "the last --fetch filter finds events")
        # A capture that is not here (moved) is named, its candidates left out.
        host0, cap0 = captures[0]
        os.rename(cap0, cap0 + ".moved")
        p = run([saker, "fleet", "search", url, "proc.name = curl and proc.cmdline contains curl", "--fetch"])
        os.rename(cap0 + ".moved", cap0)
        check(f"{host0} {os.path.basename(cap0)}: " in p.stderr and "is not on this machine" in p.stderr, p.stderr)
        check(p.stdout and not any(l.startswith(host0 + " ") for l in p.stdout.splitlines()), p.stdout[:300])
        print("fleet search --fetch: exact answers from the captures here, the others named")

        p = run([saker, "fleet", "query", url, "DROP TABLE events_local"], check=False)
        check(p.returncode == 1 and "readonly" in p.stderr.lower(), p.stderr)
        p = run([saker, "fleet", "query", url, "SELECT 1; SELECT 2"], check=False)
        check(p.returncode == 1 and "one statement" in p.stderr, p.stderr)
        p = run([saker, "fleet", "query", "http://127.0.0.1:1", "SELECT 1"], check=False)
        check(p.returncode == 3, f"unreachable server: exit {p.returncode}")

        # Shipping twice stores once.
        before = cluster.sql(0, "SELECT count() FROM saker.events_dist")
        p = run([saker, "ship", captures[0][1], "--clickhouse", url, "--host", captures[0][0]])
        check("already shipped" in p.stderr, p.stderr)
        check(cluster.sql(0, "SELECT count() FROM saker.events_dist") == before, "a second ship added rows")
        print("shipping twice stores once")

        # The recorder ships what it finishes, and its alerts as they fire.
        if os.geteuid() != 0:
            print("SKIP (part): record --ship needs root for the eBPF driver")
        else:
            for mode, host in (("trigger", "rec-trigger"), ("file", "rec-file")):
                out = os.path.join(tmp, mode)
                os.makedirs(out)
                where = ["--trigger", "-o", out, "--pre", "1", "--post", "1"] if mode == "trigger" else \
                    ["-w", os.path.join(out, "c.scap")]
                p = run([saker, "record"] + where + ["--ship", url, "--ship-host", host, "--",
                                                     "sh", "-c", "cat /etc/shadow > /dev/null"])
                files = sorted(os.listdir(out))
                caps = [f for f in files if f.endswith(".scap")]
                check(len(caps) == 1 and all(f.endswith((".scap", ".alerts.json")) for f in files),
                      f"{mode}: one capture and no index beside it: {files}")
                check(f"shipped to {url}: 1 captures as host {host}" in p.stderr, p.stderr)
                alerts = cluster.sql(0, f"SELECT rule, capture FROM saker.live_alerts WHERE host = '{host}'")
                rules = [line.split("\t") for line in alerts.splitlines()]
                want_capture = caps[0] if mode == "trigger" else ""
                check(any(r[0].startswith("Sensitive file read") and r[1] == want_capture for r in rules),
                      f"{mode}: live alerts {rules}")
                shipped = cluster.sql(0, f"SELECT capture, events FROM saker.captures WHERE host = '{host}'").split()
                local = local_rows(saker, os.path.join(out, caps[0]), "SELECT count(*) AS n FROM events", host)
                check(shipped == [caps[0], list(local)[0][1]], f"{mode}: shipped {shipped}, local {local}")
            print("record --ship: captures shipped when finished, alerts as they fired")

        # A shard stopped in the middle of a ship: a host whose rows live on the second shard.
        host = next(h for h in (f"resume-{k}" for k in range(100))
                    if cluster.sql(0, f"SELECT cityHash64('{h}') % 2").strip() == "1")
        cap = captures[0][1]
        flag = os.path.join(tmp, "pause")
        env = dict(os.environ, SAKER_SHIP_TEST_PAUSE=flag, SAKER_SHIP_TEST_PAUSE_AFTER="3")
        ship = subprocess.Popen([saker, "ship", cap, "--clickhouse", url, "--host", host, "--batch-rows", "10"],
                                env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            deadline = time.time() + 30
            while not os.path.exists(flag + ".reached") and time.time() < deadline and ship.poll() is None:
                time.sleep(0.05)
            check(os.path.exists(flag + ".reached"), "the ship never reached its third batch")
            cluster.kill(1)
            open(flag + ".go", "w").close()
            _, err = ship.communicate(timeout=60)
        finally:
            if ship.poll() is None:
                ship.kill()
        check(ship.returncode == 3 and "resume" in err, f"ship with a stopped shard: exit {ship.returncode}: {err}")
        cluster.start(1)
        p = run([saker, "ship", cap, "--clickhouse", url, "--host", host, "--batch-rows", "10"])
        check("(3 already stored)" in p.stderr, f"the resumed ship keeps the stored batches: {p.stderr}")
        for sql in QUERIES:
            want = local_rows(saker, cap, sql, host)
            got = fleet_rows(saker, url, f"SELECT * FROM ({fleet_sql(sql)}) WHERE host = '{host}'")
            check(got == want, f"after resuming, {sql} differs: {len(got)} rows, local {len(want)}")
        print(f"a shard stopped mid-ship lost nothing once restarted and resumed ({time.time() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
