#!/usr/bin/env python3
"""Writes the WooCommerce order body every system in bench/compare receives, as a template:
the order id (and its number) are 11 '@' that order.lua replaces with a distinct 11-digit id per
request, so every request is a new order of exactly SIZE bytes.

Usage: make_order.py <fixture.json> <out file> [size, default 2432]

The body is the fixture's order as WooCommerce's webhook sends it: compact JSON, without the
REST API's `_links` (a delivery carries the resource's data, not the links the REST server adds).
To keep the size the fixture has as compact JSON (2,432 bytes) with 11-digit ids, the buyer's
IP address and browser (which WooCommerce records) are filled in and the customer note takes up
the rest.
"""
import json
import sys

fixture, out = sys.argv[1], sys.argv[2]
size = int(sys.argv[3]) if len(sys.argv) > 3 else 2432
PLACEHOLDER = "@" * 11

order = json.load(open(fixture, encoding="utf-8"))
order.pop("_links", None)
order["id"] = 0
order["number"] = "0"
order["customer_ip_address"] = "203.0.113.45"
order["customer_user_agent"] = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
                                "(KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36")
NOTE = "Please leave the parcel with the neighbour at number 12 if nobody answers the door. "


def encode(note):
    order["customer_note"] = note
    body = json.dumps(order, ensure_ascii=False, separators=(",", ":"))
    # The top-level id is the first key; "parent_id" and "variation_id" do not match '"id":0,'.
    body = body.replace('"id":0,', '"id":%s,' % PLACEHOLDER, 1)
    body = body.replace('"number":"0"', '"number":"%s"' % PLACEHOLDER, 1)
    return body.encode("utf-8")


room = size - len(encode(""))
if room < 0:
    sys.exit("the order is %d bytes without a note, more than %d" % (size - room, size))
body = encode((NOTE * (room // len(NOTE) + 1))[:room].rstrip().ljust(room, "."))
assert len(body) == size, len(body)
assert body.count(PLACEHOLDER.encode()) == 2
json.loads(body.replace(PLACEHOLDER.encode(), b"10000000001"))
open(out, "wb").write(body)
print(len(body))
