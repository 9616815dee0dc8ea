#!/usr/bin/env python3
"""Signed WooCommerce order deliveries for bench/warm/warm.lua, made fast enough for hundreds of
thousands: the sample order is serialised once, compact (as bench/orders/make_orders.py sends it),
and only what makes each order distinct is filled in, varied as bench/orders varies it: id and number,
modification time, customer, buyer from 3,000 addresses, SKUs from a catalogue of 200.

Usage: make_orders.py <fixture.json> <secret> <orders> <threads> <out prefix> [first order id]
Writes <out prefix>-1.tsv .. <out prefix>-<threads>.tsv (one per wrk thread), one request a line:
"<base64 HMAC-SHA256 of the body with the secret>\t<topic>\t<raw JSON body>". Every order is distinct.
"""
import base64, hashlib, hmac, json, random, re, sys

fixture, secret, n, threads, prefix = sys.argv[1], sys.argv[2].encode(), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
first_id = int(sys.argv[6]) if len(sys.argv) > 6 else 1000000
order = json.load(open(fixture, encoding="utf-8"))

# Each varying value becomes a placeholder string; numbers lose their quotes when filled in.
order["id"] = "§ID§"
order["number"] = "§NUMBER§"
order["date_modified_gmt"] = "§MODIFIED§"
order["customer_id"] = "§CUSTOMER§"
order["billing"]["email"] = "§EMAIL§"
order["billing"]["first_name"] = "§FIRST§"
items = order["line_items"]
for k, item in enumerate(items):
    item["product_id"] = "§P%d§" % k
    item["variation_id"] = 0
    item["sku"] = "§S%d§" % k
template = json.dumps(order, ensure_ascii=False, separators=(",", ":"))
parts = re.split(r'"§(\w+)§"', template)  # literal, name, literal, name, ..., literal
literals, names = parts[0::2], parts[1::2]

rnd = random.Random(first_id)
files = [open("%s-%d.tsv" % (prefix, t + 1), "w", encoding="utf-8", newline="\n") for t in range(threads)]
size = 0
for i in range(n):
    oid = first_id + i
    v = {
        "ID": str(oid),
        "NUMBER": '"%d"' % oid,
        "MODIFIED": '"2026-03-01T%02d:%02d:%02d"' % (i // 3600 % 24, i // 60 % 60, i % 60),
        "CUSTOMER": "0" if i % 3 else str(rnd.randint(1, 2000)),
        "EMAIL": '"buyer%d@example.com"' % rnd.randint(1, 3000),
        "FIRST": '"Zoë%d"' % i,
    }
    for k in range(len(items)):
        p = rnd.randint(1, 200)
        v["P%d" % k] = str(p)
        v["S%d" % k] = '"SKU-%03d"' % p
    out = [literals[0]]
    for name, literal in zip(names, literals[1:]):
        out.append(v[name])
        out.append(literal)
    body = "".join(out)
    raw = body.encode("utf-8")
    size = len(raw)
    sig = base64.b64encode(hmac.new(secret, raw, hashlib.sha256).digest()).decode()
    files[i % threads].write("%s\torder.created\t%s\n" % (sig, body))
for f in files:
    f.close()
print("%d orders of about %d bytes in %d files %s-N.tsv" % (n, size, threads, prefix))
