#!/usr/bin/env python3
"""Gatehouse engine vs nginx vs HAProxy, on loopback, in one run.

Each proxy runs with one worker, the same certificate, cipher list and TLS versions, in
front of the same nginx upstream. The proxy under test is pinned to CPU 0; the load
generators and the upstream share CPU 1 so every proxy gets one whole core.

Session resumption is off in all three (no tickets, no session cache): wrk keeps the session
of a closed connection and offers it on the next one, so with tickets on the `Connection:
close` figure would count a mix of resumed and full handshakes that depends on when each
proxy sends its ticket.

Figures: wrk keep-alive req/s and p99, the p99 and CPU per request of a paced keep-alive run
(after every response each connection waits a random 0 to 2 x connections/--paced-rate,
through wrk's delay() hook: with the default 10,000 and 50 connections 5 ms on average,
fewer req/s with the latency added; the rate each proxy got is printed), wrk `Connection: close` req/s (full TLS
handshakes),
h2load HTTP/2 req/s, and RSS per idle TLS connection. Each line ends with the engine's
ratio to the better of the two peers (for req/s higher is better, for p99 and RSS lower).
The proxy's own CPU time per request (user + system, from /proc) is printed too: on a
machine shared with other work req/s follows the share of CPU 0 a proxy happened to get,
while CPU per request does not.

In the `Connection: close` run the load core reads 100 % busy whatever the proxy does:
wrk retries SSL_connect on every writable event while a handshake waits for the server
(strace: 15 reads per connection against a proxy on a whole core, 42, most of them EAGAIN,
against one held to half a core), so it spends more CPU the slower the proxy is. The proxy
core's share is the one that tells whether the proxy was the bottleneck; the handshake
CPU per connection compares the proxies' own cost.

Why the paced run: in the unpaced one wrk measures latency from its own core, and a proxy
fast enough to leave that core saturated gets wrk's queueing in its p99. At a rate below
every proxy's capacity and the load core's, p99 is the proxy's own latency under load, and
CPU per request compares the proxies at equal work.

With --rounds 3 or more, each proxy's median round is printed next to its best: on a shared
host the best round is partly luck. Each keep-alive round also prints loopback packets and
context switches per request (the whole machine's), which show whether a proxy makes the
load side work harder.

--cpu-budget 0.5 holds each proxy to half a core with a CPU cgroup (root, cgroup v1 or v2),
so the proxy and not the load core is the bottleneck. CFS throttling makes every proxy's
CPU per request higher and its tail longer than on a whole core; read those req/s as
throughput at an equal CPU budget, not as a proxy's peak.

--paired N adds the paired run (see paired_run): all proxies up at once, N slices of
--slice seconds each of keep-alive, paced keep-alive and `Connection: close`, the proxies' turns rotating, and
per slice the engine's ratio to that slice's better peer. Its medians are the steadier
figures on a shared host.

usage: bench/gateway/run.py [--build DIR] [--duration S] [--connections N] [--idle N]
                            [--rounds N] [--only a,b] [--tests a,b] [--paced-rate N]
                            [--cpu-budget SHARE] [--paired N] [--slice S]
"""
import argparse
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time

CIPHERS = ("ECDHE-RSA-CHACHA20-POLY1305:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-SHA:"
           "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-SHA")

children = []


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def wait_port(port, timeout=10.0):
    end = time.time() + timeout
    while time.time() < end:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return True
        except OSError:
            time.sleep(0.05)
    return False


class CpuBudget:
    """A CPU cgroup that lets its processes use `share` of one core (CFS bandwidth control).

    With the proxy held to the same budget and the load generator on a core of its own, the
    proxy is the bottleneck: req/s then measures the proxy, not wrk and the upstream."""

    PERIOD_US = 10000

    def __init__(self, share):
        self.path = None
        quota = int(share * self.PERIOD_US)
        for root, v2 in (("/sys/fs/cgroup", True), ("/sys/fs/cgroup/cpu", False)):
            try:
                if v2 and "cpu" not in open(f"{root}/cgroup.controllers").read().split():
                    continue
                path = f"{root}/gatehouse-bench-{os.getpid()}"
                os.makedirs(path, exist_ok=True)
                if v2:
                    write(f"{path}/cpu.max", f"{quota} {self.PERIOD_US}")
                else:
                    write(f"{path}/cpu.cfs_period_us", str(self.PERIOD_US))
                    write(f"{path}/cpu.cfs_quota_us", str(quota))
                self.path = path
                return
            except OSError:
                continue
        sys.exit("--cpu-budget needs a writable cgroup with the cpu controller (run as root)")

    def enter(self):
        write(f"{self.path}/cgroup.procs", str(os.getpid()))

    def remove(self):
        if self.path:
            try:
                os.rmdir(self.path)
            except OSError:
                pass


def spawn(args, cpu=None, budget=None, **kw):
    if cpu is not None and shutil.which("taskset"):
        args = ["taskset", "-c", str(cpu)] + args
    if budget is not None:
        kw["preexec_fn"] = budget.enter
    p = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **kw)
    children.append(p)
    return p


def stop(p):
    if p.poll() is None:
        p.send_signal(signal.SIGTERM)
        try:
            p.wait(5)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait(5)


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def cpu_ticks(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


def cpu_times():
    """Per CPU (busy, total) ticks from /proc/stat."""
    out = {}
    with open("/proc/stat") as f:
        for line in f:
            if line.startswith("cpu") and line[3].isdigit():
                name, *v = line.split()
                v = [int(x) for x in v]
                idle = v[3] + v[4]  # idle + iowait
                out[name] = (sum(v[:8]) - idle, sum(v[:8]))
    return out


def busy_share(before, after, cpu):
    """How busy `cpu` was between two cpu_times() samples, 0..1."""
    b0, t0 = before.get(cpu, (0, 0))
    b1, t1 = after.get(cpu, (0, 0))
    return (b1 - b0) / (t1 - t0) if t1 > t0 else float("nan")


def system_counts():
    """(loopback packets sent, context switches) so far, for the whole machine."""
    packets = switches = 0
    with open("/proc/net/dev") as f:
        for line in f:
            if line.strip().startswith("lo:"):
                packets = int(line.split(":", 1)[1].split()[9])
    with open("/proc/stat") as f:
        for line in f:
            if line.startswith("ctxt "):
                switches = int(line.split()[1])
    return packets, switches


def steal_ticks():
    """Time the hypervisor gave this machine's CPUs to someone else (all CPUs, in ticks)."""
    with open("/proc/stat") as f:
        fields = f.readline().split()
    return int(fields[8]) if len(fields) > 8 else 0


def to_ms(text):
    m = re.match(r"([\d.]+)(us|ms|s|m)", text)
    if not m:
        return float("nan")
    v = float(m.group(1))
    return {"us": v / 1000, "ms": v, "s": v * 1000, "m": v * 60000}[m.group(2)]


def wrk(port, duration, conns, close=False, pid=None, script=None):
    args = ["wrk", "-t1", f"-c{conns}", f"-d{duration}s", "--latency"]
    if close:
        args += ["-H", "Connection: close"]
    if script:
        args += ["-s", script]
    args.append(f"https://127.0.0.1:{port}/")
    if shutil.which("taskset"):
        args = ["taskset", "-c", "1"] + args
    before = cpu_ticks(pid) if pid else 0
    cpus_before, counts_before = cpu_times(), system_counts()
    out = subprocess.run(args, capture_output=True, text=True, timeout=duration + 60).stdout
    cpus_after, counts_after = cpu_times(), system_counts()
    used = (cpu_ticks(pid) - before) / os.sysconf("SC_CLK_TCK") if pid else float("nan")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    total = re.search(r"(\d+) requests in", out)
    count = int(total.group(1)) if total else 0
    us_per_req = used * 1e6 / count if count else float("nan")
    packets, switches = ((counts_after[i] - counts_before[i]) / count if count else float("nan")
                         for i in range(2))
    # Anchored: "85.99%" in the stdev column must not pass for the 99th percentile.
    p99 = re.search(r"^\s*99%\s+(\S+)", out, re.M)
    errors = re.search(r"Socket errors: (.*)", out)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rps": rps, "p99": to_ms(p99.group(1)) if p99 else float("nan"), "cpu": us_per_req,
            "cpu0": busy_share(cpus_before, cpus_after, "cpu0"),
            "cpu1": busy_share(cpus_before, cpus_after, "cpu1"),
            "packets": packets, "switches": switches,
            "errors": (errors.group(1) if errors else "") + (f" non2xx={non2xx.group(1)}" if non2xx else "")}


def h2load(port, duration, conns):
    args = ["h2load", "-D", str(duration), "-c", str(conns), "-m", "10", "-t", "1",
            f"https://127.0.0.1:{port}/"]
    if shutil.which("taskset"):
        args = ["taskset", "-c", "1"] + args
    out = subprocess.run(args, capture_output=True, text=True, timeout=duration + 60).stdout
    m = re.search(r"finished in [\d.]+\w*, ([\d.]+) req/s", out)
    failed = re.search(r"requests: .* (\d+) failed", out)
    return {"rps": float(m.group(1)) if m else 0.0, "failed": failed.group(1) if failed else "?"}


def idle_rss(pid, port, count):
    """RSS growth per idle TLS connection (handshake done, no request)."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    before = rss_kb(pid)
    conns = []
    try:
        for _ in range(count):
            s = socket.create_connection(("127.0.0.1", port), timeout=10)
            conns.append(ctx.wrap_socket(s, server_hostname="bench.local"))
        time.sleep(1.0)
        after = rss_kb(pid)
    finally:
        for c in conns:
            try:
                c.close()
            except OSError:
                pass
    return (after - before) * 1024.0 / count, before, after


def resumes(port):
    """True when a second connection resumes the first one's TLS session."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    session = None
    for _ in range(2):
        with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
            with ctx.wrap_socket(s, server_hostname="bench.local", session=session) as t:
                t.sendall(b"GET / HTTP/1.1\r\nHost: bench.local\r\nConnection: close\r\n\r\n")
                while t.recv(4096):
                    pass
                if session is not None:
                    return t.session_reused
                session = t.session
    return False


# The paired run: every proxy up at once (the idle ones cost nothing), short turns of the
# same test in a rotating order. Each slice compares the engine with the better peer of that
# slice only, so a slow stretch of a shared host, which lasts longer than a slice, hits all
# of them alike; the median of those per-slice ratios is the figure. Separate rounds compare
# a proxy's luck with another's over minutes.
PAIRED = (("keepalive", False, "rps", "keep-alive req/s", True),
          ("keepalive", False, "p99", "keep-alive p99 latency", False),
          ("paced", False, "p99", "paced keep-alive p99", False),
          ("paced", False, "cpu", "paced keep-alive CPU/request", False),
          ("handshake", True, "rps", "handshakes (Connection: close)", True),
          ("handshake", True, "cpu", "handshake CPU per connection", False))


def paired_run(a, names, start_proxy, paced):
    procs = {n: start_proxy(n) for n in names}
    slices = {test: [] for test, *_ in PAIRED}
    try:
        for i in range(a.paired):
            order = names[i % len(names):] + names[:i % len(names)]
            for test, close, script in (("keepalive", False, None), ("paced", False, paced),
                                        ("handshake", True, None)):
                got = {}
                for n in order:
                    proc, port = procs[n]
                    got[n] = wrk(port, a.slice, a.connections, close=close, pid=proc.pid,
                                 script=script)
                slices[test].append(got)
            last = {t: slices[t][-1] for t in slices}
            print(f"# paired slice {i + 1}: " + " | ".join(
                f"{n} ka {last['keepalive'][n]['rps']:.0f}/s p99 {last['keepalive'][n]['p99']:.2f} ms, "
                f"paced p99 {last['paced'][n]['p99']:.2f} ms, hs {last['handshake'][n]['rps']:.0f}/s "
                f"{last['handshake'][n]['cpu']:.0f} us" for n in names), flush=True)
    finally:
        for proc, _ in procs.values():
            stop(proc)
    return names, slices


def print_paired(a, paired):
    nan = float("nan")
    names, slices = paired
    peers = [n for n in names if n != "gatehouse"]
    print()
    print(f"paired run: {a.paired} slices, {a.slice}s turns in rotating order, all proxies up; "
          "per slice the engine against that slice's better peer; median (lowest, highest) of slices")
    for test, _, key, label, higher in PAIRED:
        ratios = []
        for got in slices[test]:
            mine = got["gatehouse"][key]
            best = (max if higher else min)(got[n][key] for n in peers)
            if mine == mine and best == best and mine and best:
                ratios.append(mine / best if higher else best / mine)
        ratios.sort()
        if not ratios:
            continue
        med = ratios[len(ratios) // 2] if len(ratios) % 2 else \
            (ratios[len(ratios) // 2 - 1] + ratios[len(ratios) // 2]) / 2
        means = {n: sum(g[n][key] for g in slices[test]) / len(slices[test]) for n in names}
        best = (max if higher else min)(means[n] for n in peers)
        of_means = (means["gatehouse"] / best if higher else best / means["gatehouse"]) if best else nan
        totals = "  ".join(f"{n} {means[n]:10.2f}" for n in names)
        print(f"{label:<32} mean {totals}  engine/better peer: median slice {med:.2f}x "
              f"({ratios[0]:.2f}-{ratios[-1]:.2f}, {sum(r >= 1 for r in ratios)}/{len(ratios)} "
              f"slices >= 1), of the means {of_means:.2f}x")


def write(path, text):
    with open(path, "w") as f:
        f.write(text)


def main():
    ap = argparse.ArgumentParser()
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    ap.add_argument("--build", default=os.path.join(root, "build", "engine"))
    ap.add_argument("--duration", type=int, default=10)
    ap.add_argument("--connections", type=int, default=50)
    ap.add_argument("--idle", type=int, default=5000)
    ap.add_argument("--only", default="gatehouse,nginx,haproxy")
    ap.add_argument("--tests", default="keepalive,paced,handshake,h2,rss")
    ap.add_argument("--paced-rate", type=int, default=10000,
                    help="request rate of the paced keep-alive run (all connections together)")
    ap.add_argument("--rounds", type=int, default=1, help="repeat and keep each proxy's best run")
    ap.add_argument("--paired", type=int, default=0,
                    help="slices of the paired run (all proxies up, short turns; 0: none)")
    ap.add_argument("--slice", type=int, default=3, help="seconds of one turn in the paired run")
    ap.add_argument("--cpu-budget", type=float, default=0.0,
                    help="hold each proxy to this share of its core (cgroup), e.g. 0.5")
    a = ap.parse_args()
    budget = CpuBudget(a.cpu_budget) if a.cpu_budget > 0 else None
    engine_bin = os.path.join(a.build, "bench", "gateway", "gatehouse_bench_engine")
    if not os.path.exists(engine_bin):
        sys.exit(f"build {engine_bin} first (ninja -C {a.build} gatehouse_bench_engine)")

    import resource
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 65536), hard))

    load = os.getloadavg()
    work = tempfile.mkdtemp(prefix="gatehouse-bench-")
    try:
        cert, key = os.path.join(work, "cert.pem"), os.path.join(work, "key.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key,
                        "-out", cert, "-days", "2", "-subj", "/CN=bench.local", "-addext",
                        "subjectAltName=DNS:bench.local"], check=True, capture_output=True)
        combined = os.path.join(work, "combined.pem")
        write(combined, open(cert).read() + open(key).read())
        os.makedirs(os.path.join(work, "tmp"), exist_ok=True)
        # wrk's delay() hook: after a response each connection waits a random 0..2*d ms (d =
        # connections / --paced-rate) before its next request; random, so that the connections
        # do not fall into step and arrive as one burst every d ms.
        paced = os.path.join(work, "paced.lua")
        d = max(1, round(a.connections * 1000 / a.paced_rate))
        write(paced, f"function delay()\n  return math.random(0, {2 * d})\nend\n")
        temps = " ".join(f"{k}_temp_path {work}/tmp;" for k in
                         ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))

        # The shared upstream: nginx answering a small fixed body.
        up_port = free_port()
        write(os.path.join(work, "upstream.conf"), f"""
daemon off; master_process off; worker_processes 1; pid {work}/up.pid; error_log {work}/up.err;
worker_rlimit_nofile 65536;
events {{ worker_connections 20000; }}
http {{ access_log off; {temps} keepalive_requests 10000000;
  server {{ listen 127.0.0.1:{up_port} backlog=4096;
    location / {{ return 200 "hello from the upstream\\n"; }} }} }}
""")
        upstream = spawn(["nginx", "-c", f"{work}/upstream.conf", "-p", work, "-e", f"{work}/up.err"], cpu=1)
        assert wait_port(up_port), "upstream did not start"

        def start_proxy(name):
            port = free_port()
            if name == "gatehouse":
                proc = spawn([engine_bin, "--https", str(port), "--upstream", str(up_port), "--cert", cert,
                              "--key", key, "--ciphers", CIPHERS, "--workers", "1",
                              "--session-tickets", "off"], cpu=0, budget=budget)
            elif name == "nginx":
                write(os.path.join(work, "nginx.conf"), f"""
daemon off; master_process off; worker_processes 1; pid {work}/nginx.pid; error_log {work}/nginx.err;
worker_rlimit_nofile 65536;
events {{ worker_connections 20000; }}
http {{ access_log off; {temps} keepalive_requests 10000000; client_header_timeout 600s; keepalive_timeout 600s;
  upstream up {{ server 127.0.0.1:{up_port}; keepalive 256; keepalive_requests 10000000; }}
  server {{ listen 127.0.0.1:{port} ssl http2 backlog=4096;
    ssl_certificate {cert}; ssl_certificate_key {key};
    ssl_protocols TLSv1.2 TLSv1.3; ssl_ciphers {CIPHERS}; ssl_prefer_server_ciphers on;
    ssl_session_tickets off; ssl_session_cache off;
    location / {{ proxy_pass http://up; proxy_http_version 1.1; proxy_set_header Connection "";
      proxy_set_header Host $host; proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto https; proxy_set_header X-Request-Id $request_id; }} }} }}
""")
                proc = spawn(["nginx", "-c", f"{work}/nginx.conf", "-p", work, "-e", f"{work}/nginx.err"], cpu=0, budget=budget)
            elif name == "haproxy":
                write(os.path.join(work, "haproxy.cfg"), f"""
global
  nbthread 1
  maxconn 9000
  ssl-default-bind-ciphers {CIPHERS}
  ssl-default-bind-options ssl-min-ver TLSv1.2 no-tls-tickets
  tune.ssl.cachesize 0
defaults
  mode http
  timeout connect 5s
  timeout client 600s
  timeout server 30s
  timeout http-request 600s
  timeout http-keep-alive 600s
  option http-keep-alive
  http-reuse always
frontend fe
  bind 127.0.0.1:{port} ssl crt {combined} alpn h2,http/1.1
  maxconn 9000
  option forwardfor
  unique-id-format %[uuid()]
  http-request set-header X-Forwarded-Proto https
  http-request set-header X-Request-Id %[unique-id]
  default_backend be
backend be
  server s1 127.0.0.1:{up_port}
""")
                proc = spawn(["haproxy", "-f", f"{work}/haproxy.cfg", "-db"], cpu=0, budget=budget)
            else:
                sys.exit(f"unknown proxy {name}")
            if not wait_port(port):
                err = proc.stderr.read().decode() if proc.poll() is not None else ""
                sys.exit(f"{name} did not start: {err}")
            # taskset execs the proxy in place, so the pid is the proxy's.
            time.sleep(0.5)
            subprocess.run(["curl", "-sk", "-o", "/dev/null", f"https://127.0.0.1:{port}/"], timeout=10)
            if resumes(port):
                sys.exit(f"{name} resumed a TLS session: the handshake figure would not be full handshakes")
            return proc, port

        names = a.only.split(",")
        tests = a.tests.split(",")
        nan = float("nan")
        results = {n: {"keepalive": {"rps": nan, "p99": nan, "cpu": nan, "errors": ""},
                       "paced": {"rps": nan, "p99": nan, "cpu": nan, "errors": ""},
                       "handshake": {"rps": nan, "p99": nan, "cpu": nan, "errors": ""},
                       "h2": {"rps": nan, "failed": "-"}, "rss": (nan, 0, 0), "name": n} for n in names}
        rounds = {n: [] for n in names}
        steal_before = steal_ticks()
        # Rounds go through the proxies in turn (gatehouse, nginx, haproxy, gatehouse, ...) so
        # that a noisy stretch of a shared machine hits every proxy alike; each keeps its best.
        for rnd in range(a.rounds):
            for name in names:
                proc, port = start_proxy(name)
                pid, r = proc.pid, results[name]
                cur = {"keepalive": {"rps": nan, "p99": nan, "cpu": nan, "errors": ""},
                       "paced": {"rps": nan, "p99": nan, "cpu": nan, "errors": ""},
                       "handshake": {"rps": nan, "p99": nan, "cpu": nan, "errors": ""},
                       "h2": {"rps": nan, "failed": "-"}, "rss": r["rss"]}
                if "keepalive" in tests:
                    cur["keepalive"] = wrk(port, a.duration, a.connections, pid=pid)
                if "paced" in tests:
                    cur["paced"] = wrk(port, a.duration, a.connections, pid=pid, script=paced)
                if "handshake" in tests:
                    cur["handshake"] = wrk(port, a.duration, a.connections, close=True, pid=pid)
                if "h2" in tests:
                    cur["h2"] = h2load(port, a.duration, 10)
                if "rss" in tests and rnd == a.rounds - 1:
                    cur["rss"] = r["rss"] = idle_rss(pid, port, a.idle)
                stop(proc)
                rounds[name].append(cur)
                for test in ("keepalive", "handshake", "h2"):
                    if not r[test]["rps"] >= cur[test]["rps"]:
                        r[test] = cur[test]
                if not r["paced"]["p99"] <= cur["paced"]["p99"]:
                    r["paced"] = cur["paced"]
                print(f"# round {rnd + 1} {name}: keep-alive {cur['keepalive']['rps']:.0f} req/s "
                      f"p99 {cur['keepalive']['p99']:.2f} ms cpu {cur['keepalive']['cpu']:.1f} us/req "
                      f"(busy: proxy core {cur['keepalive'].get('cpu0', nan):.0%}, "
                      f"load core {cur['keepalive'].get('cpu1', nan):.0%}; per request "
                      f"{cur['keepalive'].get('packets', nan):.1f} loopback packets, "
                      f"{cur['keepalive'].get('switches', nan):.2f} context switches) "
                      f"{cur['keepalive']['errors']}| paced {cur['paced']['rps']:.0f} req/s "
                      f"p99 {cur['paced']['p99']:.2f} ms cpu {cur['paced']['cpu']:.1f} us/req "
                      f"{cur['paced']['errors']}| handshakes {cur['handshake']['rps']:.0f}/s "
                      f"cpu {cur['handshake']['cpu']:.0f} us/conn (busy: proxy core "
                      f"{cur['handshake'].get('cpu0', nan):.0%}, load core "
                      f"{cur['handshake'].get('cpu1', nan):.0%}) {cur['handshake']['errors']}| "
                      f"h2 {cur['h2']['rps']:.0f} req/s failed={cur['h2']['failed']} | "
                      f"RSS {cur['rss'][1]}->{cur['rss'][2]} kB", flush=True)
        paired = paired_run(a, names, start_proxy, paced) if a.paired > 0 else None
        steal = steal_ticks() - steal_before
        stop(upstream)

        if "gatehouse" not in results or len(results) < 2:
            return
        peers = [n for n in results if n != "gatehouse"]
        g = results["gatehouse"]

        def line(label, unit, get, higher_better):
            best_name = (max if higher_better else min)(peers, key=lambda n: get(results[n]))
            best = get(results[best_name])
            mine = get(g)
            ratio = (mine / best if higher_better else best / mine) if best and mine else float("nan")
            cells = "  ".join(f"{n} {get(results[n]):10.2f}" for n in ["gatehouse"] + peers)
            print(f"{label:<28} {cells}  {unit:<8} engine/better peer ({best_name}): {ratio:.2f}x")

        print()
        print(f"one worker each, {a.duration}s runs, {a.connections} connections, {a.idle} idle TLS connections; "
              f"load average before: {load[0]:.2f}; best of {a.rounds} interleaved rounds; CPU time "
              f"stolen by the hypervisor during the runs: {steal / os.sysconf('SC_CLK_TCK'):.1f} s")
        line("keep-alive req/s", "req/s", lambda r: r["keepalive"]["rps"], True)
        line("keep-alive p99 latency", "ms", lambda r: r["keepalive"]["p99"], False)
        line("keep-alive CPU per request", "us", lambda r: r["keepalive"]["cpu"], False)
        for n in results:
            k = results[n]["keepalive"]
            print(f"  {n}'s best keep-alive run: proxy core {k.get('cpu0', nan):.0%} busy, "
                  f"load core (wrk + upstream) {k.get('cpu1', nan):.0%} busy")
        if a.rounds > 2:
            # The median round of each proxy: less lucky than the best, and steadier on a shared host.
            def median(name, test, key):
                values = sorted(v[test][key] for v in rounds[name] if v[test][key] == v[test][key])
                return values[len(values) // 2] if values else nan
            for test, key, label, unit, higher in (("keepalive", "rps", "keep-alive req/s", "req/s", True),
                                                   ("keepalive", "p99", "keep-alive p99 latency", "ms", False),
                                                   ("keepalive", "cpu", "keep-alive CPU per request", "us", False),
                                                   ("paced", "p99", "paced keep-alive: p99", "ms", False),
                                                   ("paced", "cpu", "paced keep-alive: CPU per request", "us", False),
                                                   ("handshake", "rps", "handshakes (Connection: close)", "/s", True),
                                                   ("handshake", "cpu", "handshake CPU per connection", "us", False),
                                                   ("h2", "rps", "HTTP/2 (h2load -c10 -m10)", "req/s", True)):
                if test in tests:
                    line(f"{label} (median)", unit, lambda r, t=test, k=key: median(r["name"], t, k), higher)
        if "paced" in tests:
            # Every proxy at the same request rate, below what any of them (and the load core)
            # can do: the latency figure that is not wrk's own queueing (see the header).
            label = "paced keep-alive"
            line(f"{label}: p99 (best round)", "ms", lambda r: r["paced"]["p99"], False)
            line(f"{label}: CPU/request (that round)", "us", lambda r: r["paced"]["cpu"], False)
            line(f"{label}: req/s (that round)", "req/s", lambda r: r["paced"]["rps"], True)
        line("handshakes (Connection: close)", "/s", lambda r: r["handshake"]["rps"], True)
        line("handshake CPU per connection", "us", lambda r: r["handshake"]["cpu"], False)
        if "handshake" in tests:
            for n in results:
                h = results[n]["handshake"]
                print(f"  {n}'s best handshake run: proxy core {h.get('cpu0', nan):.0%} busy, "
                      f"load core (wrk + upstream) {h.get('cpu1', nan):.0%} busy")
        line("HTTP/2 (h2load -c10 -m10)", "req/s", lambda r: r["h2"]["rps"], True)
        line("RSS per idle TLS connection", "bytes", lambda r: r["rss"][0], False)
        if paired:
            print_paired(a, paired)
        print("(ratios: >1 means the engine is better; for p99, CPU and RSS the ratio is peer/engine)")
        print("(a load core near 100 % busy caps req/s for every proxy alike: wrk and the upstream, "
              "not the proxy, set the figure then)")
    finally:
        for p in children:
            stop(p)
        shutil.rmtree(work, ignore_errors=True)
        if budget is not None:
            budget.remove()


if __name__ == "__main__":
    main()
