# Network over loopback: a TCP server and clients exchanging requests and replies, and UDP datagrams.
python3 - "$SCALE" <<'PY'
import socket, sys, threading
scale = int(sys.argv[1])
srv = socket.socket(); srv.bind(("127.0.0.1", 0)); srv.listen(64)
port = srv.getsockname()[1]
def serve():
    while True:
        c, _ = srv.accept()
        with c:
            while True:
                d = c.recv(4096)
                if not d: break
                c.sendall(d.upper())
threading.Thread(target=serve, daemon=True).start()
for _ in range(60 * scale):
    with socket.create_connection(("127.0.0.1", port)) as c:
        for i in range(40):
            c.sendall(b"request %d\n" % i); c.recv(4096)
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.bind(("127.0.0.1", 0))
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for i in range(3000 * scale):
    s.sendto(b"datagram %d" % i, u.getsockname()); u.recv(64)
PY
