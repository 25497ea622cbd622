#!/usr/bin/env python3
"""Independent NumPy reference of SPEC.md section 9.3-9.4, written from the SPEC alone:

  fit   the maximum-likelihood logistic p(x) = 1 / (1 + exp(-(a + b g(x)))) over probes (value, trials,
        successes), g = ln for --scale log, by Newton's method on the binomial log-likelihood (IRLS form,
        numpy.linalg.solve); x* = g^-1(-a/b); its 95 % profile-likelihood interval: the theta = g(x*) where
        2 (l_max - max_b l(-b theta, b)) = chi2_1(0.95), each end found by bisection on a bracket found by
        stepping outward from the MLE; the inner maximization over b by its own Newton iterations.
  wls   the scaling law ln x* = alpha ln z + c by weighted least squares (numpy.linalg.lstsq on rows scaled by
        sqrt(w)), w = 1 / ((ln hi - ln lo) / (2 z))^2, alpha's 95 % normal interval from (X'WX)^-1.

Inputs and outputs are CSV files with a header.

Usage:
  python3 reference_boundary.py fit --probes probes.csv --scale log|linear --out fit.csv
  python3 reference_boundary.py wls --points points.csv --out law.csv      (points: z,estimate,low,high)
"""

import argparse
import math

import numpy as np

np.seterr(over="ignore")

Z = 1.959963984540054          # standard normal 0.975 quantile
CHI2_95 = Z * Z                 # chi2 with one degree of freedom, 0.95 quantile


def loglik(a, b, g, t, s):
    eta = a + b * g
    # log p = -log(1 + e^-eta), log(1 - p) = -log(1 + e^eta)
    return float(np.sum(-s * np.logaddexp(0.0, -eta) - (t - s) * np.logaddexp(0.0, eta)))


def newton_ab(g, t, s):
    X = np.column_stack([np.ones_like(g), g])
    beta = np.array([math.log(s.sum() / (t.sum() - s.sum())), 0.0])
    for _ in range(500):
        p = 1.0 / (1.0 + np.exp(-(X @ beta)))
        grad = X.T @ (s - t * p)
        info = X.T @ (X * (t * p * (1 - p))[:, None])
        step = np.linalg.solve(info, grad)
        lam = 1.0
        base = loglik(beta[0], beta[1], g, t, s)
        while loglik(*(beta + lam * step), g, t, s) < base - 1e-12 * abs(base) and lam > 1e-12:
            lam /= 2
        beta = beta + lam * step
        if np.all(np.abs(lam * step) <= 1e-14 * (1 + np.abs(beta))):
            break
    return beta


def profile(theta, g, t, s):
    """max over b of l(-b theta, b), concave in b: the root of its derivative, bracketed from b = 0 outward,
    then Newton steps kept inside the bracket (bisection when a step leaves it)."""
    u = g - theta

    def slope(b):
        return float(np.sum((s - t / (1.0 + np.exp(-b * u))) * u))

    def curvature(b):
        p = 1.0 / (1.0 + np.exp(-b * u))
        return float(np.sum(t * p * (1 - p) * u * u))

    d0 = slope(0.0)
    if d0 == 0:
        return loglik(0.0, 0.0, g, t, s)
    sign = 1.0 if d0 > 0 else -1.0
    inner, outer = 0.0, sign
    while sign * slope(outer) > 0:
        inner, outer = outer, 2 * outer
    lo, hi = min(inner, outer), max(inner, outer)   # slope(lo) > 0 > slope(hi)
    b = 0.5 * (lo + hi)
    for _ in range(500):
        d = slope(b)
        if d > 0:
            lo = b
        elif d < 0:
            hi = b
        else:
            break
        c = curvature(b)
        nb = b + d / c if c > 0 else 0.5 * (lo + hi)
        if not lo < nb < hi:
            nb = 0.5 * (lo + hi)
        if nb == b or hi - lo <= 4e-16 * abs(b):
            break
        b = nb
    return loglik(-b * theta, b, g, t, s)


def interval_end(theta_hat, sign, level, g, t, s):
    span = g.max() - g.min()
    inside, step = theta_hat, span / 10
    while step < 1e4 * span:
        outside = inside + sign * step
        if profile(outside, g, t, s) < level:
            break
        inside, step = outside, step * 2
    else:
        return float("nan")
    lo, hi = inside, outside
    for _ in range(200):                       # plain bisection to the last bit
        mid = 0.5 * (lo + hi)
        if mid in (lo, hi):
            break
        if profile(mid, g, t, s) < level:
            hi = mid
        else:
            lo = mid
    return 0.5 * (lo + hi)


def cmd_fit(args):
    data = np.genfromtxt(args.probes, delimiter=",", names=True)
    x = np.atleast_1d(data["value"]).astype(float)
    t = np.atleast_1d(data["trials"]).astype(float)
    s = np.atleast_1d(data["successes"]).astype(float)
    g = np.log(x) if args.scale == "log" else x
    ginv = np.exp if args.scale == "log" else (lambda v: v)
    a, b = newton_ab(g, t, s)
    lmax = loglik(a, b, g, t, s)
    theta = -a / b
    level = lmax - CHI2_95 / 2
    low = interval_end(theta, -1.0, level, g, t, s)
    high = interval_end(theta, 1.0, level, g, t, s)
    with open(args.out, "w") as f:
        f.write("a,b,loglik,xstar,low,high\n")
        f.write(",".join(repr(float(v)) for v in (a, b, lmax, ginv(theta), ginv(low), ginv(high))) + "\n")


def cmd_wls(args):
    data = np.genfromtxt(args.points, delimiter=",", names=True)
    z = np.atleast_1d(data["z"]).astype(float)
    est = np.atleast_1d(data["estimate"]).astype(float)
    lo = np.atleast_1d(data["low"]).astype(float)
    hi = np.atleast_1d(data["high"]).astype(float)
    sd = (np.log(hi) - np.log(lo)) / (2 * Z)
    w = 1.0 / sd ** 2
    X = np.column_stack([np.log(z), np.ones_like(z)])
    y = np.log(est)
    r = np.sqrt(w)
    coef, *_ = np.linalg.lstsq(X * r[:, None], y * r, rcond=None)
    cov = np.linalg.inv(X.T @ (X * w[:, None]))
    se = math.sqrt(cov[0, 0])
    with open(args.out, "w") as f:
        f.write("alpha,alpha_low,alpha_high,c\n")
        f.write(",".join(repr(float(v)) for v in (coef[0], coef[0] - Z * se, coef[0] + Z * se, coef[1])) + "\n")


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    f = sub.add_parser("fit")
    f.add_argument("--probes", required=True)
    f.add_argument("--scale", choices=["log", "linear"], required=True)
    f.add_argument("--out", required=True)
    w = sub.add_parser("wls")
    w.add_argument("--points", required=True)
    w.add_argument("--out", required=True)
    args = p.parse_args()
    {"fit": cmd_fit, "wls": cmd_wls}[args.cmd](args)


if __name__ == "__main__":
    main()
