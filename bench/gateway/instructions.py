#!/usr/bin/env python3
"""User-space instructions per keep-alive request of the engine, counted by callgrind.

Req/s and CPU time on a shared host move by a third between runs; instruction counts do
not. This runs the bench engine under callgrind behind the same nginx upstream as run.py,
drives it with one steady wrk run, counts only a window in the middle of it (no handshakes,
no start-up), and divides by the requests served in that window (calls of
Worker::requestId, one per request). Prints instructions per request by library and the
functions that execute the most.

Instructions are not time (cache misses, branch misses and the kernel are not in them),
but a change that removes work from the request path shows here at once and exactly.

With --close every request has `Connection: close`, so each one is a connection with a full
TLS handshake (no resumption: the bench engine runs without tickets), and the figures are
per handshake: the steady measure for a change to the connection path, where timings on a
shared host move by a quarter between runs.

usage: bench/gateway/instructions.py [--build DIR] [--window S] [--top N] [--close]
"""
import argparse
import collections
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from run import CIPHERS, free_port, wait_port, write  # noqa: E402


def self_costs(path):
    """Exclusive Ir by (object, function) from a callgrind file (name compression aware)."""
    names = {"ob": {}, "fn": {}}
    costs = collections.Counter()
    calls = collections.Counter()
    ob = fn = fn_ob = None
    after_calls = False
    callee = None

    def name(kind, value):
        m = re.match(r"\((\d+)\)(?: (.*))?", value)
        if not m:
            return value
        if m.group(2) is not None:
            names[kind][m.group(1)] = m.group(2)
        return names[kind].get(m.group(1), value)

    for line in open(path):
        line = line.rstrip("\n")
        if line.startswith("ob="):
            ob = name("ob", line[3:])
        elif line.startswith("fn="):
            fn, fn_ob = name("fn", line[3:]), ob
        elif line.startswith("cob="):
            name("ob", line[4:])
        elif line.startswith("cfn="):
            callee = name("fn", line[4:])
        elif line.startswith("calls="):
            calls[callee] += int(line[6:].split()[0])
            after_calls = True
        elif line[:1].isdigit() or line[:1] in "+-*":
            parts = line.split()
            if after_calls:
                after_calls = False  # the inclusive cost of the call just named
            elif len(parts) >= 2 and fn:
                costs[(os.path.basename(fn_ob or "?"), fn)] += int(parts[1])
    return costs, calls


def main():
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=os.path.join(root, "build", "engine"))
    ap.add_argument("--window", type=int, default=8, help="seconds counted")
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--close", action="store_true", help="per full-handshake connection")
    a = ap.parse_args()
    engine = os.path.join(a.build, "bench", "gateway", "gatehouse_bench_engine")
    for tool in ("valgrind", "callgrind_control", "nginx", "wrk", "openssl"):
        if not shutil.which(tool):
            sys.exit(f"{tool} is needed")
    if not os.path.exists(engine):
        sys.exit(f"no {engine}: build the target gatehouse_bench_engine")

    work = tempfile.mkdtemp(prefix="gatehouse-instr-")
    procs = []
    try:
        cert, key = os.path.join(work, "cert.pem"), os.path.join(work, "key.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key,
                        "-out", cert, "-days", "2", "-subj", "/CN=bench.local"],
                       check=True, capture_output=True)
        up_port, port = free_port(), free_port()
        temps = " ".join(f"{k}_temp_path {work};" for k in
                         ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        write(os.path.join(work, "up.conf"), f"""
daemon off; master_process off; worker_processes 1; pid {work}/up.pid; error_log {work}/up.err;
events {{ worker_connections 1024; }}
http {{ access_log off; {temps} keepalive_requests 10000000;
  server {{ listen 127.0.0.1:{up_port}; location / {{ return 200 "hello from the upstream\\n"; }} }} }}
""")
        procs.append(subprocess.Popen(["nginx", "-c", f"{work}/up.conf", "-p", work, "-e", f"{work}/up.err"]))
        assert wait_port(up_port), "upstream did not start"
        out = os.path.join(work, "callgrind.out")
        eng = subprocess.Popen(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}",
                                engine, "--https", str(port), "--upstream", str(up_port),
                                "--cert", cert, "--key", key, "--ciphers", CIPHERS,
                                "--workers", "1", "--session-tickets", "off"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        procs.append(eng)
        assert wait_port(port, timeout=60), "engine did not start under valgrind"
        close = ["-H", "Connection: close"] if a.close else []
        load = subprocess.Popen(["wrk", "-t1", "-c50", f"-d{a.window + 8}s", *close,
                                 f"https://127.0.0.1:{port}/"], stdout=subprocess.DEVNULL)
        procs.append(load)
        time.sleep(5)  # connections up, handshakes done
        subprocess.run(["callgrind_control", "-z", str(eng.pid)], check=True, capture_output=True)
        time.sleep(a.window)
        subprocess.run(["callgrind_control", "-d", str(eng.pid)], check=True, capture_output=True)
        load.wait()
        dump = out + ".1"
        costs, calls = self_costs(dump)
        requests = sum(c for f, c in calls.items() if f and "Worker::requestId" in f)
        if not requests:
            sys.exit("no request was counted")
        by_object = collections.Counter()
        for (obj, _), c in costs.items():
            by_object[obj] += c
        unit, units = (("connection", "connections (full handshakes)") if a.close
                       else ("request", "requests"))
        print(f"{requests} {units} in the window; instructions per {unit}, user space:")
        print(f"{sum(by_object.values()) / requests:10.0f}  total")
        for obj, c in by_object.most_common(8):
            print(f"{c / requests:10.0f}  {obj}")
        print()
        for (obj, fn), c in costs.most_common(a.top):
            print(f"{c / requests:8.0f}  {obj[:14]:14} {fn[:110]}")
    finally:
        for p in procs:
            if p.poll() is None:
                p.terminate()
                try:
                    p.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    p.kill()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
