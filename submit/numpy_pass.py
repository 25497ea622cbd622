#!/usr/bin/env python3
"""The weight-tied autoencoder's gradient pass (SPEC section 2, matrix form) in NumPy, for the benchmark.

Samples are rows of an (N, n) array, processed in blocks of --block rows; prints the median seconds per
pass as the last line: "seconds_per_pass S". Data generation is not timed.
"""
import argparse
import time

import numpy as np


def one_pass(Y, W, b, block):
    n, m = W.shape
    G = np.zeros((n, m))
    loss = 0.0
    for start in range(0, Y.shape[0], block):
        Yb = Y[start:start + block]
        Z = Yb @ W + b
        M = Z > 0
        X = np.where(M, Z, 0.0)
        R = Yb - X @ W.T
        loss += 0.5 * np.einsum("ij,ij->", R, R)
        Q = np.where(M, R @ W, 0.0)
        G -= R.T @ X + Yb.T @ Q
    return G / Y.shape[0], loss / Y.shape[0]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--n", type=int, required=True)
    p.add_argument("--m", type=int, required=True)
    p.add_argument("--samples", type=int, required=True)
    p.add_argument("--passes", type=int, default=5)
    p.add_argument("--block", type=int, default=4096)
    a = p.parse_args()
    rng = np.random.default_rng(1)
    Y = rng.standard_normal((a.samples, a.n)) / np.sqrt(a.n)
    W = rng.standard_normal((a.n, a.m))
    W /= np.linalg.norm(W, axis=0)
    b = np.zeros(a.m)
    one_pass(Y, W, b, a.block)
    times = []
    for _ in range(a.passes):
        t = time.perf_counter()
        one_pass(Y, W, b, a.block)
        times.append(time.perf_counter() - t)
    print("seconds_per_pass %.6f" % float(np.median(times)))


if __name__ == "__main__":
    main()
