"""A fake Docker Engine API on a unix socket, for the container scenario: answers
GET /containers/<64 hex>/json for any id with a fixed description (argv: socket path);
anything else 404."""
import json
import os
import re
import socketserver
import sys
from http.server import BaseHTTPRequestHandler

SOCK = sys.argv[1]


def inspect(cid):
    return {
        "Id": cid, "Created": "2024-05-01T10:20:30.123456789Z", "Path": "sh", "Args": [],
        "State": {"Status": "running", "Pid": 4242}, "Image": "sha256:" + "e" * 64,
        "Name": "/scenario-" + cid[:4], "HostConfig": {"Privileged": False, "NetworkMode": "bridge"},
        "Mounts": [{"Type": "bind", "Source": "/srv/data", "Destination": "/data", "Mode": "rw",
                    "RW": True, "Propagation": "rprivate"}],
        "Config": {"Hostname": "scenario", "Image": "registry.example.com/team/app:1.2.3",
                   "Env": [], "Labels": {"io.kubernetes.pod.namespace": "conformance",
                                         "io.kubernetes.pod.name": "app-5d8f", "tier": "backend"}},
        "NetworkSettings": {"IPAddress": "",
                            "Ports": {"80/tcp": [{"HostIp": "0.0.0.0", "HostPort": "8080"}]},
                            "Networks": {"bridge": {"IPAddress": "172.17.0.9"}}},
    }


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def address_string(self):
        return "unix"

    def log_message(self, *args):
        pass

    def do_GET(self):
        body, status = b'{"message":"not found"}', 404
        m = re.fullmatch(r"/(?:v[0-9.]+/)?containers/([0-9a-f]{64})/json", self.path.split("?")[0])
        if m:
            body, status = json.dumps(inspect(m.group(1))).encode(), 200
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class Server(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True


if os.path.exists(SOCK):
    os.unlink(SOCK)
with Server(SOCK, Handler) as srv:
    srv.serve_forever()
