"""Two clickhouse-server processes on loopback, two shards of the cluster `saker`, in a temp folder."""
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request

SERVER = shutil.which("clickhouse-server") or ("/usr/sbin/clickhouse-server" if os.path.exists("/usr/sbin/clickhouse-server") else None)

CONFIG = """<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>{dir}/server.log</log><errorlog>{dir}/error.log</errorlog><console>0</console></logger>
  <http_port>{http}</http_port>
  <tcp_port>{tcp}</tcp_port>
  <listen_host>127.0.0.1</listen_host>
  <path>{dir}/data/</path>
  <tmp_path>{dir}/tmp/</tmp_path>
  <user_files_path>{dir}/user_files/</user_files_path>
  <format_schema_path>{dir}/format_schemas/</format_schema_path>
  <users_config>users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <mark_cache_size>67108864</mark_cache_size>
  <uncompressed_cache_size>67108864</uncompressed_cache_size>
  <max_concurrent_queries>20</max_concurrent_queries>
  <remote_servers>
    <saker>
{shards}
    </saker>
  </remote_servers>
</yandex>
"""

SHARD = "      <shard><replica><host>127.0.0.1</host><port>{tcp}</port></replica></shard>"

USERS = """<?xml version="1.0"?>
<yandex>
  <profiles><default><max_memory_usage>2000000000</max_memory_usage></default></profiles>
  <users><default><password></password><networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
    <profile>default</profile><quota>default</quota></default></users>
  <quotas><default></default></quotas>
</yandex>
"""


def free_ports(n):
    socks = []
    for _ in range(n):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        socks.append(s)
    ports = [s.getsockname()[1] for s in socks]
    for s in socks:
        s.close()
    return ports


class Cluster:
    """Start with `with Cluster(tmp) as c:`; every server is killed on exit, even on failure."""

    def __init__(self, root, shards=2):
        self.root = root
        ports = free_ports(2 * shards)
        self.http = ports[:shards]
        self.tcp = ports[shards:]
        self.procs = [None] * shards
        shard_xml = "\n".join(SHARD.format(tcp=t) for t in self.tcp)
        self.dirs = []
        for i in range(shards):
            d = os.path.join(root, f"shard{i + 1}")
            for sub in ("data", "tmp", "user_files", "format_schemas"):
                os.makedirs(os.path.join(d, sub), exist_ok=True)
            with open(os.path.join(d, "config.xml"), "w") as f:
                f.write(CONFIG.format(dir=d, http=self.http[i], tcp=self.tcp[i], shards=shard_xml))
            with open(os.path.join(d, "users.xml"), "w") as f:
                f.write(USERS)
            self.dirs.append(d)

    def url(self, i):
        return f"http://127.0.0.1:{self.http[i]}"

    def start(self, i, timeout=60):
        d = self.dirs[i]
        out = open(os.path.join(d, "stdout.log"), "ab")
        # jemalloc keeps freed pages (docs/fleet.md, "Server tuning"): inserts stop faulting them in.
        env = dict(os.environ, MALLOC_CONF="dirty_decay_ms:-1,muzzy_decay_ms:-1")
        self.procs[i] = subprocess.Popen([SERVER, "--config-file=" + os.path.join(d, "config.xml")],
                                         cwd=d, stdout=out, stderr=subprocess.STDOUT, env=env)
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.procs[i].poll() is not None:
                raise RuntimeError(f"clickhouse-server {i + 1} exited with {self.procs[i].returncode}: "
                                   + open(os.path.join(d, "stdout.log")).read()[-2000:]
                                   + self.log_tail(i))
            try:
                with urllib.request.urlopen(self.url(i) + "/?query=SELECT%201", timeout=2) as r:
                    if r.read().strip() == b"1":
                        return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"clickhouse-server {i + 1} not ready after {timeout} s" + self.log_tail(i))

    def log_tail(self, i):
        p = os.path.join(self.dirs[i], "error.log")
        return "\n" + open(p).read()[-2000:] if os.path.exists(p) else ""

    def kill(self, i):
        p = self.procs[i]
        if p and p.poll() is None:
            p.send_signal(signal.SIGKILL)
            p.wait(timeout=30)
        self.procs[i] = None

    def sql(self, i, query, timeout=30):
        req = urllib.request.Request(self.url(i), data=query.encode())
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.read().decode()

    def __enter__(self):
        try:
            for i in range(len(self.procs)):
                self.start(i)
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self):
        for i in range(len(self.procs)):
            self.kill(i)

    def __exit__(self, *exc):
        self.stop()
        return False
