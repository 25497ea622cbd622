#!/usr/bin/env python3
"""Independent NumPy reference of SPEC.md sections 2-4: normalized gradient descent of the
weight-tied autoencoder x = sigma(W^T y + b), y_hat = W x, with a bias schedule, and the
Hungarian-matched Frobenius error to the ground truth after every iteration.

Written from SPEC.md alone (not from the Java code), so that the two can be compared.

Usage:
  python3 reference_trajectory.py --samples Y.npy --ground-truth A.npy --init W0.npy --bias0 b0.npy \
      --activation relu|threshold --threshold 0.5 \
      --schedule constant|geometric|contraction|learned --factor 2 --tau 0.1 --bias-learning-rate 1.0 \
      --learning-rate 10 --iterations 20 [--sign-invariant] --out metrics.csv
  python3 reference_trajectory.py --self-test

Layouts: Y.npy is (N, n), one sample a row; A.npy and W0.npy are (n, m), one atom a column;
b0.npy is (m,). W0 is used exactly as given (not re-normalized), as SPEC section 3 `file` says.
Output: CSV `iteration,loss,fro_error` (fro_error omitted without --ground-truth), row s for W^s, b^s,
s = 0..T, floats printed with repr() so they round-trip exactly.
"""

import argparse
import itertools
import math
import os
import sys
import tempfile

import numpy as np

try:
    from scipy.optimize import linear_sum_assignment as _scipy_lsa
except ImportError:  # the reference must run where only numpy is installed
    _scipy_lsa = None


# ----------------------------------------------------------------------------- SPEC section 2

def activate(z, activation, threshold):
    """sigma of SPEC section 2: relu max(z, 0); threshold z * 1[|z| > lambda] (strict)."""
    if activation == "relu":
        return np.maximum(z, 0.0)
    if activation == "threshold":
        return np.where(np.abs(z) > threshold, z, 0.0)
    raise ValueError("activation %r, expected relu or threshold" % (activation,))


def gradient_pass(W, b, Yc, activation, threshold):
    """One pass over all samples at (W, b).

    Yc is n x N (samples as columns, i.e. the transpose of the file's rows-as-samples layout).
    Returns (loss, G, g_b): loss = mean of 1/2 ||y - W x||^2, G (n x m) the approximate gradient
    G = -(R (M o Z)^T + Y (M o (W^T R))^T) / N with Z = W^T Y + b 1^T including the bias, and
    g_b = -(1/N) sum over samples of M o (W^T R).
    """
    N = Yc.shape[1]
    Z = W.T @ Yc + b[:, None]          # m x N, bias included
    X = activate(Z, activation, threshold)
    M = (X != 0).astype(np.float64)     # 1[x_i != 0]
    R = Yc - W @ X                      # n x N residuals
    loss = 0.5 * float(np.sum(R * R)) / N
    WtR = W.T @ R                       # m x N
    G = -(R @ (M * Z).T + Yc @ (M * WtR).T) / N
    g_b = -np.sum(M * WtR, axis=1) / N
    return loss, G, g_b


def gradient_per_sample(W, b, Yc, activation, threshold):
    """The same gradient from SPEC's per-column formula, one sample and one column at a time:
    g_i = -(1/N) sum_y 1[x_i != 0] (z_i r + y (W_i^T r)); used only by the self-test."""
    n, m = W.shape
    N = Yc.shape[1]
    G = np.zeros((n, m))
    g_b = np.zeros(m)
    loss = 0.0
    for s in range(N):
        y = Yc[:, s]
        z = W.T @ y + b
        x = activate(z, activation, threshold)
        r = y - W @ x
        loss += 0.5 * float(r @ r)
        for i in range(m):
            if x[i] != 0:
                G[:, i] -= z[i] * r + y * float(W[:, i] @ r)
                g_b[i] -= float(W[:, i] @ r)
    return loss / N, G / N, g_b / N


def normalize_columns(V, iteration):
    """Each column to unit norm; a zero or non-finite column is an error (SPEC section 2)."""
    norms = np.linalg.norm(V, axis=0)
    for i, nrm in enumerate(norms):
        if not np.isfinite(nrm) or nrm == 0.0 or not np.all(np.isfinite(V[:, i])):
            raise ArithmeticError("column %d of W became %s at iteration %d"
                                  % (i, "zero" if nrm == 0.0 else "non-finite", iteration))
    return V / norms[None, :]


def next_bias(b, g_b, schedule, factor, tau, bias_learning_rate):
    """Bias schedules of SPEC section 2, applied after the weight update; g_b is taken at W^s, b^s."""
    if schedule == "constant":
        return b.copy()
    if schedule == "geometric":
        return b / factor
    if schedule == "contraction":
        return math.sqrt(1.0 - tau) * b
    if schedule == "learned":
        return b - bias_learning_rate * g_b
    raise ValueError("schedule %r, expected constant, geometric, contraction or learned" % (schedule,))


# ----------------------------------------------------------------------------- SPEC section 4

def hungarian_max(C):
    """Own O(m^3) Hungarian algorithm (potentials + shortest augmenting paths) maximizing
    sum_i C[i, p[i]] for a square C; returns p with row i matched to column p[i]."""
    C = np.asarray(C, dtype=np.float64)
    m = C.shape[0]
    cost = -C  # minimize the negated gain
    INF = float("inf")
    u = [0.0] * (m + 1)
    v = [0.0] * (m + 1)
    match_col = [0] * (m + 1)  # match_col[j] = row (1-based) matched to column j, 0 = free
    way = [0] * (m + 1)
    for i in range(1, m + 1):
        match_col[0] = i
        j0 = 0
        minv = [INF] * (m + 1)
        used = [False] * (m + 1)
        while True:
            used[j0] = True
            i0 = match_col[j0]
            delta = INF
            j1 = -1
            for j in range(1, m + 1):
                if not used[j]:
                    cur = cost[i0 - 1, j - 1] - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j] = cur
                        way[j] = j0
                    if minv[j] < delta:
                        delta = minv[j]
                        j1 = j
            for j in range(m + 1):
                if used[j]:
                    u[match_col[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if match_col[j0] == 0:
                break
        while True:
            j1 = way[j0]
            match_col[j0] = match_col[j1]
            j0 = j1
            if j0 == 0:
                break
    p = np.zeros(m, dtype=int)
    for j in range(1, m + 1):
        p[match_col[j] - 1] = j - 1
    return p


def brute_force_max(C):
    """Exhaustive search over permutations, for the self-test (m <= 8)."""
    m = C.shape[0]
    best, best_p = -float("inf"), None
    for p in itertools.permutations(range(m)):
        s = sum(C[i, p[i]] for i in range(m))
        if s > best:
            best, best_p = s, p
    return np.array(best_p, dtype=int)


def match(C):
    """Row i of C (atom A_i) to column p[i] (neuron W_p(i)) maximizing the total; scipy when present."""
    if _scipy_lsa is not None:
        rows, cols = _scipy_lsa(C, maximize=True)
        p = np.empty(C.shape[0], dtype=int)
        p[rows] = cols
        return p
    return hungarian_max(C)


def fro_error(W, A, sign_invariant):
    """||pi(W) - A||_F after matching columns of W to columns of A (SPEC section 4)."""
    inner = A.T @ W                       # inner[i, j] = <A_i, W_j>
    p = match(np.abs(inner) if sign_invariant else inner)
    PW = W[:, p].copy()                   # column i is W_p(i)
    if sign_invariant:
        signs = np.where(inner[np.arange(A.shape[1]), p] < 0, -1.0, 1.0)
        PW *= signs[None, :]
    return float(np.linalg.norm(PW - A))


# ----------------------------------------------------------------------------- the trajectory

def trajectory(Y, A, W0, b0, activation, threshold, schedule, factor, tau, bias_learning_rate,
               learning_rate, iterations, sign_invariant):
    """Rows (s, loss(W^s, b^s), fro_error(W^s)) for s = 0..T; Y is (N, n) rows-as-samples."""
    Yc = np.ascontiguousarray(Y.T)  # n x N, samples as columns as in SPEC's matrix formulas
    W = np.array(W0, dtype=np.float64)
    b = np.array(b0, dtype=np.float64)
    rows = []
    for s in range(iterations + 1):
        loss, G, g_b = gradient_pass(W, b, Yc, activation, threshold)
        err = fro_error(W, A, sign_invariant) if A is not None else None
        rows.append((s, loss, err))
        if s < iterations:
            W = normalize_columns(W - learning_rate * G, s + 1)
            b = next_bias(b, g_b, schedule, factor, tau, bias_learning_rate)
    return rows


def write_csv(path, rows, with_fro):
    with open(path, "w") as f:
        f.write("iteration,loss,fro_error\n" if with_fro else "iteration,loss\n")
        for s, loss, err in rows:
            f.write("%d,%s,%s\n" % (s, repr(loss), repr(err)) if with_fro else "%d,%s\n" % (s, repr(loss)))


def load(path, what, ndim_ok, shape_check=None):
    a = np.load(path, allow_pickle=False)
    if a.dtype != np.float64:
        sys.exit("%s: %s has dtype %s, expected float64" % (path, what, a.dtype))
    if a.ndim not in ndim_ok:
        sys.exit("%s: %s has shape %s, expected %s" % (path, what, a.shape, " or ".join("%d-D" % d for d in ndim_ok)))
    if shape_check is not None and a.shape != shape_check:
        sys.exit("%s: %s has shape %s, expected %s" % (path, what, a.shape, shape_check))
    return a


def run(args):
    Y = load(args.samples, "samples", (2,))
    N, n = Y.shape
    W0 = load(args.init, "initial weights", (2,))
    if W0.shape[0] != n:
        sys.exit("%s: initial weights have shape %s, expected (%d, m) for samples of dimension %d"
                 % (args.init, W0.shape, n, n))
    m = W0.shape[1]
    A = load(args.ground_truth, "ground truth", (2,), (n, m)) if args.ground_truth else None
    if args.bias0:
        b0 = load(args.bias0, "initial bias", (1, 2))
        if b0.shape not in ((m,), (m, 1)):
            sys.exit("%s: initial bias has shape %s, expected (%d,)" % (args.bias0, b0.shape, m))
        b0 = b0.reshape(m)
    else:
        b0 = np.zeros(m)
    if args.activation == "threshold" and args.threshold is None:
        sys.exit("--activation threshold needs --threshold")
    if args.schedule == "geometric" and not args.factor > 1:
        sys.exit("--schedule geometric needs --factor > 1, found %s" % (args.factor,))
    if args.schedule == "contraction" and not 0 <= args.tau < 1:
        sys.exit("--schedule contraction needs 0 <= --tau < 1, found %s" % (args.tau,))
    rows = trajectory(Y, A, W0, b0, args.activation, args.threshold or 0.0, args.schedule, args.factor,
                      args.tau, args.bias_learning_rate, args.learning_rate, args.iterations,
                      args.sign_invariant)
    write_csv(args.out, rows, A is not None)


# ----------------------------------------------------------------------------- self-test

def self_test():
    failures = []

    def check(ok, what):
        print(("ok    " if ok else "FAIL  ") + what)
        if not ok:
            failures.append(what)

    rng = np.random.default_rng(12345)
    eps = 1e-6
    n, m, N = 6, 4, 9
    for activation, lam, bias_level in (("relu", 0.0, -0.1), ("threshold", 0.3, 0.05)):
        # Draw until every z is far from the kinks (0, and +-lambda for threshold) relative to eps.
        for attempt in range(1000):
            Yc = rng.standard_normal((n, N))
            W = rng.standard_normal((n, m)) / math.sqrt(n)
            b = bias_level + 0.1 * rng.standard_normal(m)
            Z = W.T @ Yc + b[:, None]
            kinks = [np.abs(Z)] + ([np.abs(np.abs(Z) - lam)] if activation == "threshold" else [])
            margin = min(float(k.min()) for k in kinks)
            if margin > 1e3 * eps * (1 + np.abs(Yc).max()):
                break
        else:
            raise RuntimeError("no kink-free random problem found")
        X = activate(Z, activation, lam)
        check(0 < np.count_nonzero(X) < X.size, "%s: some units active and some not" % activation)

        loss, G, g_b = gradient_pass(W, b, Yc, activation, lam)
        fd = np.zeros_like(W)
        for i in range(n):
            for j in range(m):
                Wp, Wm = W.copy(), W.copy()
                Wp[i, j] += eps
                Wm[i, j] -= eps
                fd[i, j] = (gradient_pass(Wp, b, Yc, activation, lam)[0]
                            - gradient_pass(Wm, b, Yc, activation, lam)[0]) / (2 * eps)
        fd_b = np.zeros(m)
        for j in range(m):
            bp, bm = b.copy(), b.copy()
            bp[j] += eps
            bm[j] -= eps
            fd_b[j] = (gradient_pass(W, bp, Yc, activation, lam)[0]
                       - gradient_pass(W, bm, Yc, activation, lam)[0]) / (2 * eps)
        err_W = np.abs(G - fd).max() / max(1e-12, np.abs(fd).max())
        err_b = np.abs(g_b - fd_b).max() / max(1e-12, np.abs(fd_b).max())
        check(err_W < 1e-6, "%s: G matches central differences of the loss (rel. error %.2e)" % (activation, err_W))
        check(err_b < 1e-6, "%s: g_b matches central differences of the loss (rel. error %.2e)" % (activation, err_b))

        loss2, G2, g_b2 = gradient_per_sample(W, b, Yc, activation, lam)
        same = (abs(loss - loss2) <= 1e-12 * abs(loss) and np.allclose(G, G2, rtol=1e-12, atol=1e-14)
                and np.allclose(g_b, g_b2, rtol=1e-12, atol=1e-14))
        check(same, "%s: matrix form equals SPEC's per-sample, per-column formula" % activation)

    # Threshold is strict: |z| == lambda gives 0.
    z = np.array([-0.5, -0.3, 0.0, 0.3, 0.30000000000000004, 0.7])
    check(np.array_equal(activate(z, "threshold", 0.3), np.array([-0.5, 0, 0, 0, 0.30000000000000004, 0.7])),
          "threshold activation is strict at |z| = lambda")

    # Matching: own Hungarian against brute force, and against scipy when present.
    agree = True
    for trial in range(200):
        k = int(rng.integers(1, 7))
        C = rng.standard_normal((k, k))
        p_own, p_bf = hungarian_max(C), brute_force_max(C)
        tot = lambda p: sum(C[i, p[i]] for i in range(k))
        agree &= abs(tot(p_own) - tot(p_bf)) < 1e-12
        if _scipy_lsa is not None:
            r, c = _scipy_lsa(C, maximize=True)
            agree &= abs(C[r, c].sum() - tot(p_bf)) < 1e-12
    check(agree, "Hungarian (own%s) equals brute force on 200 random matrices"
          % (" and scipy" if _scipy_lsa is not None else ""))

    # fro_error recovers a permuted, sign-flipped copy exactly.
    A = normalize_columns(rng.standard_normal((8, 5)), 0)
    perm = np.array([3, 0, 4, 1, 2])
    signs = np.array([1.0, -1.0, 1.0, -1.0, -1.0])
    W = A[:, perm] * signs
    check(fro_error(W, A, True) < 1e-12, "sign-invariant matching undoes a permutation with sign flips")
    check(fro_error(A[:, perm], A, False) < 1e-12, "matching undoes a permutation")
    check(fro_error(W, A, False) > 1.0, "without --sign-invariant a flipped column counts as an error")

    # End to end through the files and the CLI, a near-ground-truth start on mixture data; n is
    # large enough for incoherent atoms (at n = 10 the error need not fall), zeta = 1 small enough.
    with tempfile.TemporaryDirectory() as d:
        n, m, N, T = 100, 8, 1000, 5
        A = normalize_columns(rng.standard_normal((n, m)), 0)
        Y = (A[:, rng.integers(0, m, N)] + 0.01 * rng.standard_normal((n, N))).T.copy()
        W0 = normalize_columns(A + 0.3 * rng.standard_normal((n, m)) / math.sqrt(n), 0)
        paths = {k: os.path.join(d, k + ".npy") for k in ("Y", "A", "W0", "b0")}
        np.save(paths["Y"], Y)
        np.save(paths["A"], A)
        np.save(paths["W0"], W0)
        np.save(paths["b0"], np.full(m, -0.1))
        out = os.path.join(d, "metrics.csv")
        main(["--samples", paths["Y"], "--ground-truth", paths["A"], "--init", paths["W0"], "--bias0", paths["b0"],
              "--activation", "relu", "--schedule", "geometric", "--factor", "2", "--learning-rate", "1",
              "--iterations", str(T), "--out", out])
        lines = open(out).read().splitlines()
        check(lines[0] == "iteration,loss,fro_error" and len(lines) == T + 2,
              "CLI writes a header and T+1 rows")
        vals = np.array([[float(x) for x in line.split(",")] for line in lines[1:]])
        check(np.all(np.isfinite(vals)) and list(vals[:, 0]) == list(range(T + 1)), "rows are s = 0..T, finite")
        check(np.all(np.diff(vals[:, 2]) < 0),
              "fro_error falls at every step from a near start (%.4g -> %.4g)" % (vals[0, 2], vals[-1, 2]))
        loss0 = gradient_pass(W0, np.full(m, -0.1), Y.T, "relu", 0.0)[0]
        check(repr(loss0) == lines[1].split(",")[1], "row 0 is the loss at W^0, b^0, printed with repr")

    print("self-test %s" % ("FAILED: %d check(s)" % len(failures) if failures else "passed"))
    return 1 if failures else 0


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--self-test", action="store_true", help="check the gradient and the matching, then exit")
    p.add_argument("--samples", help="Y.npy, (N, n) float64, one sample a row")
    p.add_argument("--ground-truth", help="A.npy, (n, m); without it fro_error is omitted")
    p.add_argument("--init", help="W0.npy, (n, m), used as given")
    p.add_argument("--bias0", help="b0.npy, (m,); zeros if absent")
    p.add_argument("--activation", choices=("relu", "threshold"), default="relu")
    p.add_argument("--threshold", type=float, help="lambda of the threshold activation")
    p.add_argument("--schedule", choices=("constant", "geometric", "contraction", "learned"), default="constant")
    p.add_argument("--factor", type=float, default=2.0, help="C of the geometric schedule")
    p.add_argument("--tau", type=float, default=0.1, help="tau of the contraction schedule")
    p.add_argument("--bias-learning-rate", type=float, default=1.0, help="zeta_b of the learned schedule")
    p.add_argument("--learning-rate", type=float, help="zeta")
    p.add_argument("--iterations", type=int, help="T; rows s = 0..T are written")
    p.add_argument("--sign-invariant", action="store_true", help="match |<A_i, W_j>| and flip signs")
    p.add_argument("--out", help="metrics.csv to write")
    args = p.parse_args(argv)
    if args.self_test:
        return self_test()
    missing = [f for f in ("samples", "init", "learning_rate", "iterations", "out") if getattr(args, f) is None]
    if missing:
        p.error("missing " + ", ".join("--" + f.replace("_", "-") for f in missing))
    if args.iterations < 0:
        p.error("--iterations must be >= 0, found %d" % args.iterations)
    run(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
