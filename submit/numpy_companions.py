#!/usr/bin/env python3
"""Papers 1, 2 and 3's benchmark protocols as a plain NumPy loop, the yardstick of the job's speed.

  figure2        conf/paper/figure2.conf (paper 1, SPEC sections 1-4): 3 noise levels (0.01, 0.02, 0.03) x 3
                 initializations (perturb with delta = 0.5, pca, random), each noise level a data set of N = 10,000
                 mixture samples in n = 784 with m = 10 atoms; relu, bias -2.5 delta halved every iteration,
                 normalized gradient descent with zeta = m, rows s = 0..50 with the job's metrics (loss, fro_error,
                 max_col_error, spectral_ratio, support_recovery, contraction, bias_mean, grad_norm, seconds,
                 Hungarian matching by scipy) and a CSV per run.

  ntk-width      conf/companions/ntk-width.conf: 3 trials x widths (32, 128, 512, 2048) x (encoder-only, joint),
                 each a new data set of N = 256 points on the unit sphere in n = 32 and a new N(0, 1) start;
                 untied ReLU autoencoder at the ntk scale (c = 1/sqrt(m)), full gradient descent with eta = 10,
                 rows s = 0..T with the same metrics as the job (loss, objective, output_norm, bias_mean,
                 grad_norm, encoder_movement, decoder_movement, seconds) and a CSV per run.
  fashion-mnist  conf/companions/mean-field-fashion-mnist.conf's step: the 60,000 training images (pixels / 255,
                 centered), tied mean-field ReLU autoencoder (c = 1/m, m = 1024), sgd where each image joins a
                 step's batch with probability 0.002 (batch selection timed), eta = zeta m, l2 = 0 and 2/m, and
                 the same metrics (energies in the principal blocks 1, 2-5, 6-20 and the rest included).

It is independent of the job (its own data, seeds and code): it times the loop a researcher would write, and
prints its figures as the last lines, "key value".
"""
import argparse
import gzip
import os
import struct
import tempfile
import time

import numpy as np


def figure2_run(Y, codes, A, W, b, T, out):
    """Paper 1's loop on the samples Y (N x n, a row each) from W (n x m) and b: rows s = 0..T."""
    from scipy.optimize import linear_sum_assignment
    N, n = Y.shape
    m = W.shape[1]
    spectral_a = np.linalg.norm(A, 2)
    rows = []
    previous = None
    for s in range(T + 1):
        start = time.perf_counter()
        Z = Y @ W + b                      # N x m
        X = np.maximum(Z, 0.0)
        M = X != 0
        R = Y - X @ W.T                    # N x n
        loss = 0.5 * np.einsum("ij,ij->", R, R) / N
        G = -(R.T @ (M * Z) + Y.T @ (M * (R @ W))) / N
        grad_norm = np.linalg.norm(G)
        _, perm = linear_sum_assignment(-(A.T @ W))        # W's column perm[i] to atom i
        D = W[:, perm] - A
        fro = np.linalg.norm(D)
        max_col = np.max(np.linalg.norm(D, axis=0))
        spectral = np.linalg.norm(D, 2) / spectral_a
        # supp(x) = supp(x*) under the matching: exactly the true atom's matched neuron is active
        active = M[:, perm]
        support = float(np.mean(np.all(active == (codes[:, None] == np.arange(m)[None, :]), axis=1)))
        contraction = 1.0 if previous is None else fro ** 2 / previous ** 2
        previous = fro
        bias_mean = float(np.mean(b))
        if s < T:
            V = W - m * G
            W = V / np.linalg.norm(V, axis=0)
            b = b / 2
        rows.append((s, loss, fro, max_col, spectral, support, contraction, bias_mean, grad_norm,
                     time.perf_counter() - start))
    write_rows(out, "iteration,loss,fro_error,max_col_error,spectral_ratio,support_recovery,contraction,bias_mean,"
                    "grad_norm,seconds", rows)


def write_rows(path, header, rows):
    """A run's CSV: the header, then each row's iteration and its values as repr() (they round-trip exactly)."""
    with open(path, "w") as f:
        f.write(header + "\n")
        for r in rows:
            f.write("%d,%s\n" % (r[0], ",".join(repr(float(x)) for x in r[1:])))


def output_directory(a, workload):
    out = a.out or tempfile.mkdtemp(prefix=workload + "-numpy-")
    os.makedirs(out, exist_ok=True)
    return out


def figure2(a):
    start = time.perf_counter()
    out = output_directory(a, "figure2")
    n, m, N, delta = 784, 10, 10000, 0.5
    runs = 0
    for sigma in (0.01, 0.02, 0.03):
        rng = np.random.default_rng([2019, int(sigma * 100)])
        A = rng.standard_normal((n, m)) / np.sqrt(n)
        A /= np.linalg.norm(A, axis=0)
        codes = rng.integers(0, m, N)                     # mixture: x* = e_j, j uniform
        Y = A[:, codes].T + sigma * rng.standard_normal((N, n))
        for init in ("perturb", "pca", "random"):
            if init == "perturb":
                W = A + delta * rng.standard_normal((n, m)) / np.sqrt(n)
            elif init == "pca":
                C = Y - Y.mean(axis=0)
                _, vectors = np.linalg.eigh(C.T @ C / (N - 1))
                W = vectors[:, ::-1][:, :m].copy()
            else:
                W = rng.standard_normal((n, m)) / np.sqrt(n)
            W /= np.linalg.norm(W, axis=0)
            b = np.full(m, -2.5 * delta)
            figure2_run(Y, codes, A, W, b, a.iterations,
                        os.path.join(out, "sigma%s-%s.csv" % (sigma, init)))
            runs += 1
    print("runs %d" % runs)
    print("iterations_per_run %d" % (a.iterations + 1))
    print("seconds %.3f" % (time.perf_counter() - start))


def relu_forward(Y, V, U, c):
    """Z, H, R for a batch of rows Y (B x n): Z = Y V, H = relu(Z), R = Y - c H U^T."""
    Z = Y @ V
    H = np.maximum(Z, 0.0)
    R = Y - c * (H @ U.T)
    return Z, H, R


def ntk_run(rng, n, N, m, joint, eta, T, out):
    Y = rng.standard_normal((N, n))
    Y /= np.linalg.norm(Y, axis=1, keepdims=True)
    V = rng.standard_normal((n, m))
    U = rng.standard_normal((n, m))
    V0, U0 = V.copy(), U.copy()
    c = 1.0 / np.sqrt(m)
    rows = []
    for s in range(T + 1):
        start = time.perf_counter()
        Z, H, R = relu_forward(Y, V, U, c)
        loss = 0.5 * np.einsum("ij,ij->", R, R) / N
        out_norm = np.sqrt(np.einsum("ij,ij->", Y - R, Y - R) / N)
        D = (Z > 0) * (c * (R @ U))
        GV = -(Y.T @ D) / N
        GU = -(c * (R.T @ H)) / N if joint else None
        grad_norm = np.sqrt(np.sum(GV * GV) + (np.sum(GU * GU) if joint else 0.0))
        enc = np.linalg.norm(V - V0) / np.linalg.norm(V0)
        dec = np.linalg.norm(U - U0) / np.linalg.norm(U0)
        if s < T:
            V = V - eta * GV
            if joint:
                U = U - eta * GU
        rows.append((s, loss, loss, out_norm, 0.0, grad_norm, enc, dec, time.perf_counter() - start))
    write_rows(out, "iteration,loss,objective,output_norm,bias_mean,grad_norm,encoder_movement,decoder_movement,seconds",
               rows)


def ntk_width(a):
    start = time.perf_counter()
    out = output_directory(a, "ntk-width")
    runs = 0
    for trial in range(3):
        for m in (32, 128, 512, 2048):
            for joint in (False, True):
                # each trial a new data set and start (the job: new data and initialization per trial)
                rng = np.random.default_rng([trial, m, int(joint)])
                ntk_run(rng, 32, 256, m, joint, 10.0, a.iterations,
                        os.path.join(out, "trial%d-m%d-%s.csv" % (trial, m, "joint" if joint else "encoder-only")))
                runs += 1
    seconds = time.perf_counter() - start
    print("runs %d" % runs)
    print("iterations_per_run %d" % (a.iterations + 1))
    print("seconds %.3f" % seconds)


def read_idx_images(path):
    with (gzip.open(path, "rb") if path.endswith(".gz") else open(path, "rb")) as f:
        magic, count, rows, cols = struct.unpack(">iiii", f.read(16))
        if magic != 0x803:
            raise SystemExit("%s: not an IDX image file (magic %#x)" % (path, magic))
        return np.frombuffer(f.read(count * rows * cols), dtype=np.uint8).reshape(count, rows * cols)


def fashion_mnist(a):
    Y = read_idx_images(a.path).astype(np.float64) / 255.0
    Y -= Y.mean(axis=0)
    N, n = Y.shape
    m = 1024
    c = 1.0 / m
    eta = 0.03 * m
    # principal blocks of the sample covariance: ranks 1, 2-5, 6-20 (energy of the rest = total - their sum)
    eigenvalues, Q = np.linalg.eigh(Y.T @ Y / N)
    Q = Q[:, ::-1]
    blocks = [Q[:, 0:1], Q[:, 1:5], Q[:, 5:20]]
    rng = np.random.default_rng(12)
    members = []
    for l2 in (0.0, 2.0 / m):
        W = rng.standard_normal((n, m)) * (1e-3 / np.sqrt(n))
        members.append([W, W.copy(), l2])
    times = []
    for s in range(a.iterations):
        start = time.perf_counter()
        for member in members:
            W, W0, l2 = member
            Yb = Y[rng.random(N) < a.batch_fraction]
            B = Yb.shape[0]
            Z, H, R = relu_forward(Yb, W, W, c)
            loss = 0.5 * np.einsum("ij,ij->", R, R) / B
            objective = loss + 0.5 * l2 * np.sum(W * W)
            out_norm = np.sqrt(np.einsum("ij,ij->", Yb - R, Yb - R) / B)
            D = (Z > 0) * (c * (R @ W))
            G = -(c * (R.T @ H) + Yb.T @ D) / B + l2 * W
            grad_norm = np.linalg.norm(G)
            total = np.sum(W * W) / m
            energies = [np.sum((P.T @ W) ** 2) / m for P in blocks]
            energies.append(total - sum(energies))
            movement = np.linalg.norm(W - W0) / np.linalg.norm(W0)
            member[0] = W - eta * G
            _ = (loss, objective, out_norm, grad_norm, energies, movement)
        times.append(time.perf_counter() - start)
    # the first steps warm BLAS and the allocator up, as the job's first iterations warm its JIT
    steady = times[len(times) // 5:]
    print("members %d" % len(members))
    print("iteration_ms %.3f" % (1e3 * float(np.median(steady))))
    print("step_ms_per_member %.3f" % (1e3 * float(np.median(steady)) / len(members)))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="workload", required=True)
    f2 = sub.add_parser("figure2")
    f2.add_argument("--iterations", type=int, default=50)
    f2.add_argument("--out", help="directory for the per-run CSVs (default: a new temporary directory)")
    ntk = sub.add_parser("ntk-width")
    ntk.add_argument("--iterations", type=int, default=500)
    ntk.add_argument("--out", help="directory for the per-run CSVs (default: a new temporary directory)")
    fm = sub.add_parser("fashion-mnist")
    fm.add_argument("--path", default="/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz")
    fm.add_argument("--iterations", type=int, default=60)
    fm.add_argument("--batch-fraction", type=float, default=0.002)
    a = p.parse_args()
    if a.workload == "figure2":
        figure2(a)
    elif a.workload == "ntk-width":
        ntk_width(a)
    else:
        if not os.path.exists(a.path):
            raise SystemExit("fashion-mnist: %s not found (Debian: apt-get install dataset-fashion-mnist)" % a.path)
        fashion_mnist(a)


if __name__ == "__main__":
    main()
