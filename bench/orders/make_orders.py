#!/usr/bin/env python3
"""Writes signed WooCommerce order deliveries for wrk: one file per wrk thread, one line per
request: "<connection index>\t<base64 HMAC-SHA256 signature>\t<topic>\t<raw JSON body>".

Usage: make_orders.py <fixture.json> <connections.tsv> <orders> <threads> <out dir> [duplicate %] [first order id] [file prefix]
connections.tsv: one line per connection: "<delivery path>\t<secret>".
Every order is distinct (id, customer, SKUs from a catalogue of 200); a share of deliveries is
repeated (order.updated with the same state), as WooCommerce does, to check deduplication.
"""
import base64, copy, hashlib, hmac, json, random, sys

fixture, conns_file, n, threads, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
dup_pct = int(sys.argv[6]) if len(sys.argv) > 6 else 10
first_id = int(sys.argv[7]) if len(sys.argv) > 7 else 1000000
prefix = sys.argv[8] if len(sys.argv) > 8 else "requests"
base = json.load(open(fixture))
conns = [l.rstrip("\n").split("\t") for l in open(conns_file) if l.strip()]
# Seeded by the first id: every warm-up round and the measured run draw their own buyers and SKUs.
rnd = random.Random(first_id)

lines = []
for i in range(n):
    order = copy.deepcopy(base)
    oid = first_id + i
    order["id"] = oid
    order["number"] = str(oid)
    order["date_modified_gmt"] = "2026-03-01T%02d:%02d:%02d" % (i // 3600 % 24, i // 60 % 60, i % 60)
    order["customer_id"] = 0 if i % 3 else rnd.randint(1, 2000)
    order["billing"]["email"] = "buyer%d@example.com" % rnd.randint(1, 3000)
    order["billing"]["first_name"] = "Zoë%d" % i
    for item in order["line_items"]:
        p = rnd.randint(1, 200)
        item["product_id"] = p
        item["variation_id"] = 0
        item["sku"] = "SKU-%03d" % p
    ci = i % len(conns)
    body = json.dumps(order, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    sig = base64.b64encode(hmac.new(conns[ci][1].encode(), body, hashlib.sha256).digest()).decode()
    lines.append("%d\t%s\t%s\t%s" % (ci, sig, "order.created", body.decode("utf-8")))
    if rnd.randint(1, 100) <= dup_pct:
        lines.append("%d\t%s\t%s\t%s" % (ci, sig, "order.updated", body.decode("utf-8")))

files = [open("%s/%s-%d.tsv" % (out, prefix, t), "w", encoding="utf-8") for t in range(threads)]
for k, line in enumerate(lines):
    files[k % threads].write(line + "\n")
for f in files:
    f.close()
print(len(lines))
