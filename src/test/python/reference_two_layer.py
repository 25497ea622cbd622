#!/usr/bin/env python3
"""Independent NumPy reference of SPEC.md section 5: full-batch gradient descent of the two-layer
autoencoder y_hat = c U sigma(V^T y + b), tied (U = V = W) or untied, encoder-only or joint, with an l2
penalty and a constant or learned bias, and the per-iteration loss, objective and movement of SPEC section 7.

Written from SPEC.md alone (not from the Java code), so that the two can be compared. The gradient comes
from the per-sample chain rule, checked against finite differences by --self-test.

Usage:
  python3 reference_two_layer.py --samples Y.npy --encoder V0.npy [--decoder U0.npy] --bias0 b0.npy \
      --architecture tied|untied --regime joint|encoder-only --scale standard|ntk|mean-field \
      --activation relu|threshold|softplus|tanh|sigmoid|linear [--threshold 0.5] \
      --learning-rate ZETA --l2 LAMBDA --bias constant|learned --iterations T --out metrics.csv
  python3 reference_two_layer.py --self-test

Y.npy is (N, n), one sample a row; V0/U0 are (n, m); b0 is (m,). Output CSV:
iteration,loss,objective,grad_norm,encoder_movement[,decoder_movement], rows s = 0..T, floats in repr().
"""

import argparse
import sys

import numpy as np


def sigma(z, activation, lam):
    if activation == "relu":
        return np.maximum(z, 0.0)
    if activation == "threshold":
        return np.where(np.abs(z) > lam, z, 0.0)
    if activation == "softplus":
        return np.logaddexp(0.0, z)
    if activation == "tanh":
        return np.tanh(z)
    if activation == "sigmoid":
        return 0.5 * (1.0 + np.tanh(0.5 * z))
    if activation == "linear":
        return z.copy()
    raise ValueError(activation)


def sigma_prime(z, activation, lam):
    if activation == "relu":
        return (z > 0).astype(np.float64)
    if activation == "threshold":
        return (np.abs(z) > lam).astype(np.float64)
    if activation == "softplus":
        return 0.5 * (1.0 + np.tanh(0.5 * z))
    if activation == "tanh":
        return 1.0 - np.tanh(z) ** 2
    if activation == "sigmoid":
        s = 0.5 * (1.0 + np.tanh(0.5 * z))
        return s * (1.0 - s)
    if activation == "linear":
        return np.ones_like(z)
    raise ValueError(activation)


def output_scale(scale, m):
    return {"standard": 1.0, "ntk": 1.0 / np.sqrt(m), "mean-field": 1.0 / m}[scale]


def data_loss(V, U, b, Y, c, activation, lam):
    """Mean over the samples (rows of Y) of 1/2 ||y - c U sigma(V^T y + b)||^2."""
    H = sigma(Y @ V + b, activation, lam)        # N x m
    R = Y - c * H @ U.T                          # N x n
    return 0.5 * float(np.sum(R * R)) / Y.shape[0]


def gradients(V, U, b, Y, c, activation, lam, tied):
    """Mean gradients of the data term, sample by sample: dL/dU, dL/dV (tied: their sum, for W), dL/db."""
    n, m = V.shape
    gU = np.zeros((n, m))
    gV = np.zeros((n, m))
    gb = np.zeros(m)
    for y in Y:
        z = V.T @ y + b
        h = sigma(z, activation, lam)
        r = y - c * U @ h
        d = sigma_prime(z, activation, lam) * (c * U.T @ r)
        gU -= c * np.outer(r, h)
        gV -= np.outer(y, d)
        gb -= d
    N = Y.shape[0]
    gU /= N
    gV /= N
    gb /= N
    if tied:
        return None, gU + gV, gb
    return gU, gV, gb


def trajectory(Y, V0, U0, b0, tied, regime, scale, activation, lam, zeta, l2, bias, T):
    n, m = V0.shape
    c = output_scale(scale, m)
    eta = zeta * (m if scale == "mean-field" else 1.0)
    V = V0.copy()
    U = V if tied else U0.copy()
    b = b0.copy()
    rows = []
    for s in range(T + 1):
        loss = data_loss(V, U, b, Y, c, activation, lam)
        penalty = np.sum(V * V) if tied else np.sum(V * V) + np.sum(U * U)
        gU, gV, gb = gradients(V, U, b, Y, c, activation, lam, tied)
        gV = gV + l2 * V
        trained = [gV]
        if not tied and regime == "joint":
            gU = gU + l2 * U
            trained.append(gU)
        if bias == "learned":
            trained.append(gb)
        grad_norm = float(np.sqrt(sum(np.sum(g * g) for g in trained)))
        row = [s, loss, loss + 0.5 * l2 * penalty, grad_norm,
               float(np.linalg.norm(V - V0) / np.linalg.norm(V0))]
        if not tied:
            row.append(float(np.linalg.norm(U - U0) / np.linalg.norm(U0)))
        rows.append(row)
        if s == T:
            break
        V = V - eta * gV
        if tied:
            U = V
        elif regime == "joint":
            U = U - eta * gU
        if bias == "learned":
            b = b - eta * gb
    return rows


def self_test():
    rng = np.random.default_rng(1)
    n, m, N = 5, 3, 7
    Y = rng.normal(size=(N, n))
    ok = True
    for activation in ("softplus", "tanh", "sigmoid", "linear"):
        for tied in (True, False):
            V = rng.normal(size=(n, m))
            U = V if tied else rng.normal(size=(n, m))
            b = rng.normal(size=m)
            c = 0.7
            gU, gV, gb = gradients(V, U, b, Y, c, activation, 0.0, tied)
            h = 1e-6
            for (i, j) in ((0, 0), (2, 1), (4, 2)):
                E = np.zeros((n, m))
                E[i, j] = h
                if tied:
                    fd = (data_loss(V + E, U + E, b, Y, c, activation, 0) - data_loss(V - E, U - E, b, Y, c, activation, 0)) / (2 * h)
                    ok &= abs(fd - gV[i, j]) < 1e-7
                else:
                    fd = (data_loss(V + E, U, b, Y, c, activation, 0) - data_loss(V - E, U, b, Y, c, activation, 0)) / (2 * h)
                    ok &= abs(fd - gV[i, j]) < 1e-7
                    fd = (data_loss(V, U + E, b, Y, c, activation, 0) - data_loss(V, U - E, b, Y, c, activation, 0)) / (2 * h)
                    ok &= abs(fd - gU[i, j]) < 1e-7
            e = np.zeros(m)
            e[1] = h
            fd = (data_loss(V, U, b + e, Y, c, activation, 0) - data_loss(V, U, b - e, Y, c, activation, 0)) / (2 * h)
            ok &= abs(fd - gb[1]) < 1e-7
    print("self-test", "passed" if ok else "FAILED")
    return 0 if ok else 1


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--self-test", action="store_true")
    p.add_argument("--samples")
    p.add_argument("--encoder")
    p.add_argument("--decoder")
    p.add_argument("--bias0")
    p.add_argument("--architecture", choices=("tied", "untied"), default="tied")
    p.add_argument("--regime", choices=("joint", "encoder-only"), default="joint")
    p.add_argument("--scale", choices=("standard", "ntk", "mean-field"), default="standard")
    p.add_argument("--activation", default="relu")
    p.add_argument("--threshold", type=float, default=0.5)
    p.add_argument("--learning-rate", type=float)
    p.add_argument("--l2", type=float, default=0.0)
    p.add_argument("--bias", choices=("constant", "learned"), default="constant")
    p.add_argument("--iterations", type=int)
    p.add_argument("--out")
    a = p.parse_args(argv)
    if a.self_test:
        return self_test()
    Y = np.load(a.samples)
    V0 = np.load(a.encoder)
    tied = a.architecture == "tied"
    U0 = None if tied else np.load(a.decoder)
    b0 = np.load(a.bias0)
    rows = trajectory(Y, V0, U0, b0, tied, a.regime, a.scale, a.activation, a.threshold, a.learning_rate,
                      a.l2, a.bias, a.iterations)
    header = ["iteration", "loss", "objective", "grad_norm", "encoder_movement"]
    if not tied:
        header.append("decoder_movement")
    with open(a.out, "w") as f:
        f.write(",".join(header) + "\n")
        for row in rows:
            f.write(",".join([str(row[0])] + [repr(float(x)) for x in row[1:]]) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
