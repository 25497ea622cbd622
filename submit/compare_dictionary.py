"""Compares a finished run of the job with scikit-learn's MiniBatchDictionaryLearning on the same samples.

Both dictionaries are scored as the job scores its own (SPEC section 4): columns matched to the ground truth A by
the Hungarian algorithm maximizing sum_i |<A_i, D_pi(i)>|, each matched column's sign flipped to agree with A_i,
then fro_error = ||pi(D) - A||_F and max_col_error = max_i ||pi(D)_i - A_i||. scikit-learn normalizes its atoms to
unit norm, as the job does. Run through submit/compare-dictionary, which exports the run's samples first.
"""
import argparse
import csv
import json
import os
import sys
import time

import numpy as np
from scipy.optimize import linear_sum_assignment


def recovery(a, d):
    """fro_error and max_col_error of d (n x m) against a (n x m) after sign-invariant Hungarian matching."""
    d = d / np.linalg.norm(d, axis=0, keepdims=True)
    overlap = a.T @ d                       # overlap[i, j] = <A_i, D_j>
    rows, cols = linear_sum_assignment(np.abs(overlap), maximize=True)
    matched = d[:, cols] * np.sign(overlap[rows, cols])
    diff = matched - a[:, rows]
    return float(np.linalg.norm(diff)), float(np.max(np.linalg.norm(diff, axis=0)))


def fit_sklearn(y_rows, m, alpha, epochs, batch_size, seed, dict_init):
    from sklearn.decomposition import MiniBatchDictionaryLearning
    # Early stopping off (tol = 0, max_no_improvement = None): every fit makes exactly its epochs.
    args = dict(n_components=m, alpha=alpha, batch_size=batch_size, fit_algorithm="cd", shuffle=True,
                random_state=seed, transform_algorithm="lasso_lars", tol=0.0, max_no_improvement=None)
    if dict_init == "samples":
        # m distinct samples, normalized: scikit-learn's own start (the top singular vectors) has only n < m
        # nonzero atoms when the dictionary is overcomplete, and the zero atoms never move.
        pick = np.random.default_rng(seed).choice(len(y_rows), size=m, replace=False)
        d0 = y_rows[pick]
        args["dict_init"] = d0 / np.linalg.norm(d0, axis=1, keepdims=True)
    try:
        model = MiniBatchDictionaryLearning(max_iter=epochs, **args)
    except TypeError:                       # scikit-learn before 1.1 counts mini-batches (n_iter)
        model = MiniBatchDictionaryLearning(n_iter=epochs * (len(y_rows) // batch_size), **args)
    start = time.perf_counter()
    model.fit(y_rows)
    return model.components_.T, time.perf_counter() - start


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("run", help="a finished run directory (runs/<run>/ of a study, with W.npy and run.json)")
    p.add_argument("--samples", required=True, help=".npy of the run's samples, (n, N) or (N, n)")
    p.add_argument("--truth", required=True, help=".npy of the ground truth A, (n, m)")
    p.add_argument("--alphas", default="0.05,0.1,0.2", help="comma-separated alpha grid (default %(default)s)")
    p.add_argument("--epochs", type=int, default=2, help="passes over the samples per fit (default %(default)s)")
    p.add_argument("--dict-init", choices=["samples", "svd"], default="samples",
                   help="starting dictionary: m random samples, normalized (default), or scikit-learn's own (svd)")
    p.add_argument("--batch-size", type=int, default=256, help="mini-batch size (default %(default)s)")
    p.add_argument("--seed", type=int, default=0, help="scikit-learn's random_state (default %(default)s)")
    p.add_argument("--settings", help="settings.json of the export (the run's init.kind), optional")
    p.add_argument("--csv", help="also write the table to this CSV file")
    o = p.parse_args(argv)

    a = np.load(o.truth)
    w = np.load(os.path.join(o.run, "W.npy"))
    n, m = a.shape
    if w.shape != (n, m):
        sys.exit(f"compare-dictionary: W.npy has shape {w.shape}, the ground truth {a.shape}")
    y = np.load(o.samples, mmap_mode="r")
    y_rows = np.ascontiguousarray(y.T if y.shape[0] == n and y.shape[1] != n else y)
    if y_rows.shape[1] != n:
        sys.exit(f"compare-dictionary: samples of shape {y.shape} do not have dimension n = {n}")
    with open(os.path.join(o.run, "run.json")) as f:
        info = json.load(f)

    rows = []
    fro, maxcol = recovery(a, w)
    with open(os.path.join(o.run, "metrics.csv")) as f:
        last = list(csv.DictReader(f))[-1]
    if abs(float(last["fro_error"]) - fro) > 1e-6 * max(1.0, fro):
        print(f"warning: fro_error of W.npy is {fro}, the run's metrics.csv says {last['fro_error']}: "
              "are these the run's samples?", file=sys.stderr)
    spectral = info.get("spectral_init") or {}
    init = "?"
    if o.settings:
        with open(o.settings) as f:
            init = json.load(f)["init"]
    rows.append({"method": "aedyn (this run)",
                 "setting": f"init {init}, T = {info.get('iterations')}, zeta = {info.get('learning_rate'):g}",
                 "max_col_error": maxcol, "fro_error": fro, "seconds": float(info.get("wall_seconds", float("nan"))),
                 "note": (f"spectral init {spectral['seconds']:.1f} s" if spectral else "")})
    for alpha in [float(x) for x in o.alphas.split(",") if x.strip()]:
        d, seconds = fit_sklearn(y_rows, m, alpha, o.epochs, o.batch_size, o.seed, o.dict_init)
        fro, maxcol = recovery(a, d)
        rows.append({"method": "scikit-learn MiniBatchDictionaryLearning",
                     "setting": f"alpha = {alpha:g}, {o.epochs} epoch(s), batch {o.batch_size}, init {o.dict_init}",
                     "max_col_error": maxcol, "fro_error": fro, "seconds": seconds, "note": ""})
        print(f"  alpha = {alpha:g}: max_col_error {maxcol:.4f}, fro_error {fro:.4f}, {seconds:.1f} s", file=sys.stderr)
    sk = [r for r in rows if r["method"].startswith("scikit")]
    if sk:
        min(sk, key=lambda r: r["fro_error"])["note"] = "best of the alpha grid"

    import sklearn
    print(f"n = {n}, m = {m}, N = {len(y_rows)}; scikit-learn {sklearn.__version__}; "
          "errors after sign-invariant Hungarian matching (SPEC section 4)")
    print("| method | setting | max_col_error | fro_error | wall s | note |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['method']} | {r['setting']} | {r['max_col_error']:.4f} | {r['fro_error']:.4f} | "
              f"{r['seconds']:.1f} | {r['note']} |")
    if o.csv:
        with open(o.csv, "w", newline="") as f:
            wr = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
            wr.writeheader()
            wr.writerows(rows)


if __name__ == "__main__":
    main()
