#!/usr/bin/env python3
"""Where the mail workers' time goes, from a JFR recording of a bench/mail run (PROFILE=1).

Usage: profile.py <samples.json> [thread-prefix]
  (jfr print --json --stack-depth 256 --events jdk.ExecutionSample,jdk.NativeMethodSample)

Counts the samples of the threads whose name starts with thread-prefix (default "mail-worker"):
running Java code (ExecutionSample) and waiting in native code, e.g. a socket read
(NativeMethodSample), both every 10 ms with bench/pdf/sampling.jfc, so together they are close to
the threads' wall clock. Prints, for each kind, the step of the worker each sample is in (the
innermost Passerelle frame, its method), and the 20 methods the samples were in (self time).
"""
import collections
import json
import sys


def frames(event):
    out = []
    for f in (event["values"].get("stackTrace") or {}).get("frames", []):
        m = f.get("method") or {}
        t = (m.get("type") or {}).get("name", "?").replace("/", ".")
        out.append(t + "." + m.get("name", "?"))
    return out


def main():
    path = sys.argv[1]
    prefix = sys.argv[2] if len(sys.argv) > 2 else "mail-worker"
    with open(path) as f:
        events = json.load(f)["recording"]["events"]
    by_kind = collections.defaultdict(list)
    for e in events:
        thread = (e["values"].get("sampledThread") or {}).get("javaName") or ""
        if thread.startswith(prefix):
            by_kind[e["type"]].append(frames(e))
    total = sum(len(v) for v in by_kind.values())
    print(f"{total} samples of threads '{prefix}*'")
    for kind, stacks in sorted(by_kind.items()):
        print(f"\n== {kind}: {len(stacks)} samples ({100 * len(stacks) / max(total, 1):.1f} %)")
        steps = collections.Counter()
        selfs = collections.Counter()
        for s in stacks:
            own = next((f for f in s if f.startswith("dev.passerelle.") and "LeasedQueue" not in f), "(outside Passerelle)")
            steps[own] += 1
            selfs[s[0] if s else "?"] += 1
        print("-- innermost Passerelle frame")
        for name, n in steps.most_common(25):
            print(f"{100 * n / len(stacks):6.1f} %  {name}")
        print("-- self")
        for name, n in selfs.most_common(20):
            print(f"{100 * n / len(stacks):6.1f} %  {name}")


if __name__ == "__main__":
    main()
