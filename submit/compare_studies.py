#!/usr/bin/env python3
"""Compares two study directories file by file, bit for bit, leaving out what measures time.

usage: submit/compare-studies A B [--only-results]

Every file of either directory is compared: CSV cells as written (columns whose name ends in "seconds" left
out), run.json and state.json as JSON (keys ending in "seconds" left out), curves.parquet as a table (the same
columns left out), and every other file byte for byte. --only-results leaves out the report (report.html,
plots/) and the exported notebook, whose pictures may carry times. Exit 0 when nothing differs, 1 otherwise,
each difference named on a line.
"""
import csv
import io
import json
import os
import sys

TIME_SUFFIX = "seconds"


def timeless_csv(path):
    with open(path, newline="") as f:
        rows = list(csv.reader(io.StringIO(f.read())))
    if not rows:
        return rows
    keep = [i for i, name in enumerate(rows[0]) if not name.endswith(TIME_SUFFIX)]
    return [[r[i] if i < len(r) else None for i in keep] for r in rows]


def timeless_json(value):
    if isinstance(value, dict):
        return {k: timeless_json(v) for k, v in value.items() if not k.endswith(TIME_SUFFIX)}
    if isinstance(value, list):
        return [timeless_json(v) for v in value]
    return value


def timeless_parquet(path):
    import pandas as pd
    try:
        table = pd.read_parquet(path)
    except ImportError:
        return None  # no Parquet engine here: curves.csv, compared above, holds the same table
    return table[[c for c in table.columns if not c.endswith(TIME_SUFFIX)]]


def files(root, only_results):
    out = set()
    for d, _, names in os.walk(root):
        for n in names:
            rel = os.path.relpath(os.path.join(d, n), root)
            if rel.endswith(".crc") or "/_temporary" in rel:
                continue
            if only_results and (rel == "report.html" or rel.startswith("plots/") or rel.endswith(".ipynb")):
                continue
            out.add(rel)
    return out


def same(a, b, rel):
    if rel.endswith(".csv"):
        return timeless_csv(a) == timeless_csv(b)
    if rel.endswith(".json"):
        with open(a) as fa, open(b) as fb:
            return timeless_json(json.load(fa)) == timeless_json(json.load(fb))
    if rel.endswith(".parquet") or (os.path.basename(os.path.dirname(rel)).endswith(".parquet") and rel.endswith(".parquet")):
        ta, tb = timeless_parquet(a), timeless_parquet(b)
        if ta is None or tb is None:
            print(f"not compared (no Parquet engine): {rel}")
            return True
        return ta.equals(tb)
    with open(a, "rb") as fa, open(b, "rb") as fb:
        return fa.read() == fb.read()


def main(argv):
    args = [x for x in argv if not x.startswith("--")]
    only_results = "--only-results" in argv
    if len(args) != 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    a, b = args
    fa, fb = files(a, only_results), files(b, only_results)
    differences = 0
    for rel in sorted(fa ^ fb):
        print(f"only in {a if rel in fa else b}: {rel}")
        differences += 1
    for rel in sorted(fa & fb):
        if "curves.parquet" in rel and not rel.endswith(".parquet"):
            continue  # Spark's side files of the table; the table itself is compared
        if not same(os.path.join(a, rel), os.path.join(b, rel), rel):
            print(f"differs: {rel}")
            differences += 1
    print(f"{len(fa & fb)} files compared, {differences} difference(s)")
    return 0 if differences == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
