#!/usr/bin/env python3
"""Writes the bundled demo data set (local/src/main/resources/demo/): a small cluster observed for 8 days.

Deterministic (fixed seed and dates). Shapes it shows: DNS through CoreDNS pod IPs (post-DNAT), pod-to-pod and
pod-to-service traffic, external peers (tiers B, C and D), a pod IP that changes owner on day 4, an IPv6 flow,
a destination first seen on day 7, and a few malformed lines.
"""
import hashlib, json, random, datetime, pathlib

OUT = pathlib.Path(__file__).resolve().parent.parent / "local/src/main/resources/demo"
rnd = random.Random(20261120)
START = datetime.datetime(2026, 11, 12, tzinfo=datetime.timezone.utc)
DAYS = 8
NODES = {"node-1": "10.0.0.11", "node-2": "10.0.0.12", "node-3": "10.0.0.13"}
inventory = []

def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ") if t else None

def pod(ns, name, workload, ip, node, labels, services=(), frm=START - datetime.timedelta(days=30), to=None, ip6=None):
    for address in [ip] + ([ip6] if ip6 else []):
        inventory.append({"ip": address, "kind": "pod", "namespace": ns, "name": name, "workload": workload,
                          "labels": labels, "node": node, "services": list(services), "from": iso(frm), "to": iso(to)})
    return {"ns": ns, "name": name, "ip": ip, "ip6": ip6, "node": node}

def service(ns, name, ip):
    inventory.append({"ip": ip, "kind": "service", "namespace": ns, "name": name, "workload": None, "labels": {},
                      "node": None, "services": [], "from": iso(START - datetime.timedelta(days=30)), "to": None})

for n, ip in NODES.items():
    inventory.append({"ip": ip, "kind": "node", "namespace": None, "name": n, "workload": None, "labels": {},
                      "node": n, "services": [], "from": iso(START - datetime.timedelta(days=60)), "to": None})

dns = pod("kube-system", "coredns-7db6d8ff4d-4xk2p", "Deployment/coredns", "10.244.0.10", "node-1",
          {"k8s-app": "kube-dns"}, ["kube-system/kube-dns"], ip6="fd00:10:244::a")
pod("kube-system", "coredns-7db6d8ff4d-9qz7m", "Deployment/coredns", "10.244.1.10", "node-2",
    {"k8s-app": "kube-dns"}, ["kube-system/kube-dns"])
service("kube-system", "kube-dns", "10.96.0.10")
service("affine", "affine-redis", "10.96.14.2")

affine = pod("affine", "affine-5d9c7b8f6-x2k4q", "Deployment/affine", "10.244.1.21", "node-2", {"app": "affine"})
pg = pod("affine", "affine-postgres-0", "StatefulSet/affine-postgres", "10.244.2.22", "node-3", {"app": "affine-postgres"})
redis = pod("affine", "affine-redis-6b7c9-hh2lp", "Deployment/affine-redis", "10.244.2.23", "node-3",
            {"app": "affine-redis"}, ["affine/affine-redis"])
nextcloud = pod("nextcloud", "nextcloud-6f8d9c-p7x9z", "Deployment/nextcloud", "10.244.1.31", "node-2",
                {"app": "nextcloud"}, ip6="fd00:10:244:1::1f")
maria = pod("nextcloud", "nextcloud-mariadb-0", "StatefulSet/nextcloud-mariadb", "10.244.2.32", "node-3",
            {"app": "mariadb"})
servarr = pod("servarr", "qbittorrent-7c9d-5kq2w", "Deployment/qbittorrent", "10.244.2.41", "node-3",
              {"app": "qbittorrent"})
sonarr = pod("servarr", "sonarr-85b7-mx2lq", "Deployment/sonarr", "10.244.1.42", "node-2", {"app": "sonarr"})
woodpecker = pod("woodpecker", "woodpecker-agent-0", "StatefulSet/woodpecker-agent", "10.244.0.51", "node-1",
                 {"app": "woodpecker-agent"})
status = pod("status-page", "uptime-kuma-6c9f-w8n2r", "Deployment/uptime-kuma", "10.244.0.61", "node-1",
             {"app": "uptime-kuma"})
switch = START + datetime.timedelta(days=3)
billing = pod("billing", "invoicer-5b6d-7hx2c", "Deployment/invoicer", "10.244.2.70", "node-3", {"app": "invoicer"},
              to=switch)
reports = pod("reports", "report-gen-29581234-q8x7l", "Job/report-gen-29581234", "10.244.2.70", "node-3",
              {"app": "report-gen"}, frm=switch)
default = pod("default", "debug-shell", "Pod/debug-shell", "10.244.0.80", "node-1", {"run": "debug-shell"})

def ext(n, base):
    return [f"{base}.{i}" for i in range(1, n + 1)]

def full6(ip):
    import ipaddress
    return ipaddress.ip_address(ip).exploded

def iface(p):
    return "cali" + hashlib.sha1(f"{p['ns']}.{p['name']}".encode()).hexdigest()[:11]

def line(src, dst, proto, dport, v6=False):
    mac = "ee:ee:ee:ee:ee:ee:%02x:%02x:%02x:%02x:%02x:%02x:%s" % tuple(
        [rnd.randrange(256) for _ in range(6)] + ["86:dd" if v6 else "08:00"])
    out = "eth0" if not dst.startswith("10.") else ("cali" + "%011x" % rnd.randrange(16 ** 11))
    sport = rnd.randrange(32768, 60999)
    if v6:
        l3 = (f"SRC={full6(src['ip6'])} DST={full6(dst)} LEN=80 TC=0 HOPLIMIT=63 FLOWLBL={rnd.randrange(1 << 20)}")
    else:
        l3 = (f"SRC={src['ip']} DST={dst} LEN={rnd.choice([60, 76, 96])} TOS=0x00 PREC=0x00 TTL=63 "
              f"ID={rnd.randrange(65536)} DF")
    if proto == "TCP":
        l4 = f"PROTO=TCP SPT={sport} DPT={dport} WINDOW=64240 RES=0x00 SYN URGP=0"
    elif proto == "UDP":
        l4 = f"PROTO=UDP SPT={sport} DPT={dport} LEN=56"
    else:
        l4 = f"PROTO=ICMP TYPE=8 CODE=0 ID={rnd.randrange(65536)} SEQ=1"
    return f"calico-packet: IN={iface(src)} OUT={out} MAC={mac} {l3} {l4} "

# (source, destination ip, protocol, port, flows per day, first day (0-based) or 0)
talks = [(dns_src, "10.244.0.10", "UDP", 53, 30, 0) for dns_src in
         [affine, nextcloud, servarr, sonarr, woodpecker, status, default]]
talks += [(dns_src, "10.244.1.10", "UDP", 53, 20, 0) for dns_src in [affine, nextcloud, billing, reports]]
talks += [(affine, pg["ip"], "TCP", 5432, 40, 0), (affine, redis["ip"], "TCP", 6379, 40, 0),
          (affine, "1.1.1.1", "TCP", 443, 3, 6),
          (nextcloud, maria["ip"], "TCP", 3306, 40, 0), (nextcloud, "151.101.2.132", "TCP", 443, 5, 0),
          (nextcloud, "104.16.132.229", "TCP", 443, 5, 0),
          (sonarr, servarr["ip"], "TCP", 8080, 10, 0), (sonarr, "52.84.150.11", "TCP", 443, 5, 0),
          (billing, "10.96.14.2", "TCP", 6379, 10, 0), (billing, "34.117.59.81", "TCP", 443, 5, 0),
          (reports, pg["ip"], "TCP", 5432, 10, 0), (default, "8.8.8.8", "ICMP", 8, 2, 0)]
talks += [(woodpecker, ip, "TCP", 443, 3, 0) for ip in ext(5, "140.82.121")]
talks += [(status, ip, "TCP", 443, 4, 0) for ip in ext(7, "185.199.108")]
talks += [(servarr, ip, "UDP", 6881, 2, 0) for ip in ext(60, "91.189.91")]
talks += [(servarr, ip, "TCP", 6881, 1, 0) for ip in ext(12, "46.4.118")]

records = []
for day in range(DAYS):
    base = START + datetime.timedelta(days=day)
    for src, dst, proto, port, per_day, first in talks:
        if day < first or (src is billing and base >= switch) or (src is reports and base < switch):
            continue
        for _ in range(per_day):
            t = base + datetime.timedelta(seconds=rnd.randrange(86400), microseconds=rnd.randrange(1000000))
            records.append((t, src["node"], line(src, dst, proto, port)))
    # IPv6 DNS from nextcloud to the CoreDNS pod's IPv6 address
    t = base + datetime.timedelta(hours=12)
    records.append((t, nextcloud["node"], line(nextcloud, dns["ip6"], "UDP", 53, v6=True)))
records.sort()

OUT.mkdir(parents=True, exist_ok=True)
with open(OUT / "flows.jsonl", "w") as f:
    for i, (t, node, text) in enumerate(records):
        ns = int(t.timestamp()) * 1_000_000_000 + t.microsecond * 1000
        labels = {"job": "node-journal", "host": node}
        if i % 10 == 3:  # what `logcli query --output=jsonl` prints
            f.write(json.dumps({"labels": labels, "line": text,
                                "timestamp": t.strftime("%Y-%m-%dT%H:%M:%S.%f") + "000Z"}) + "\n")
        else:
            f.write(json.dumps({"ts": str(ns), "labels": labels, "line": text}) + "\n")
        if i in (500, 1500):
            f.write(json.dumps({"ts": str(ns + 1000), "labels": {"job": "node-journal", "host": "node-2"},
                                "line": "calico-packet: IN=cali527b0801ecb OUT=eth0 SRC=10.244.1.21 DST="}) + "\n")
        if i == 1000:
            f.write("this line is not JSON and not a journal line\n")
with open(OUT / "inventory.jsonl", "w") as f:
    for r in inventory:
        f.write(json.dumps(r) + "\n")
print(len(records), "flow lines,", len(inventory), "inventory records")
