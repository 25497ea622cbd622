#!/usr/bin/env python3
"""Independent NumPy reference of SPEC.md section 8 (paper 2's theory objects), written from the SPEC alone:

  kernel    the empirical tangent kernel K_ab = (1/n) tr J(y_a) J(y_b)^T on a probe (8.1), with J(y) built
            parameter by parameter from its analytic derivatives (checked against central differences by
            --self-test);
  twin      the loss per iteration of the linearized model f_lin(y) = f(y; theta0) + J(y; theta0)(theta - theta0)
            under full-batch gradient descent (8.4), with f_lin formed as that product (not the SPEC's block form);
  infinite  the infinite-width kernel K_inf (8.2): relu by the arc-cosine closed form, linear by its own, smooth
            activations by a two-dimensional Gauss-Hermite rule (numpy.polynomial.hermite_e) of --order points;
  predict   the predicted loss of kernel gradient descent (8.3), by iterating R_{s+1} = R_s (I - (eta/N) K).

Matrices are .npy files in the SPEC's orientation: samples Y are (n, P), one sample a column; V, U are (n, m);
b is (m,). Omit --decoder for a tied model (U = V = W).

Usage:
  python3 reference_ntk.py kernel --samples Y.npy --encoder V.npy [--decoder U.npy] --bias b.npy \
      --regime joint|encoder-only --scale ntk --activation relu|tanh|... [--learned-bias] --out K.npy
  python3 reference_ntk.py twin --samples Y.npy --encoder V0.npy [--decoder U0.npy] --bias b0.npy --regime ... \
      --scale ... --activation ... [--learned-bias] --learning-rate ETA [--l2 L] --iterations T --out loss.csv
  python3 reference_ntk.py infinite --samples Y.npy --init-scale S --activation ... --regime ... \
      [--learned-bias] [--order 150] --out Kinf.npy
  python3 reference_ntk.py predict --kernel K.npy --residual R0.npy --learning-rate ETA --iterations T --out p.csv
  python3 reference_ntk.py --self-test
"""

import argparse
import sys

import numpy as np

import reference_two_layer  # SPEC section 5's activations and scales, the other reference's


def sigma(z, activation):
    return reference_two_layer.sigma(np.asarray(z, dtype=float), activation, 0.0)


def sigma_prime(z, activation):
    """sigma'(z) of SPEC section 5; for relu 1[z > 0], so sigma'(0) = 0 (SPEC 8.1)."""
    return reference_two_layer.sigma_prime(np.asarray(z, dtype=float), activation, 0.0)


output_scale = reference_two_layer.output_scale


class Model:
    """f(y; theta) = c U sigma(V^T y + b); tied when U is None (U = V = W). Trained: V (W), U when joint, b when learned."""

    def __init__(self, V, U, b, c, activation, joint, learned_bias):
        self.V, self.U, self.b, self.c, self.act = V, U, b, c, activation
        self.tied = U is None
        self.joint = joint and not self.tied
        self.learned_bias = learned_bias

    def decoder(self):
        return self.V if self.tied else self.U

    def f(self, y):
        return self.c * self.decoder() @ sigma(self.V.T @ y + self.b, self.act)

    def jacobian(self, y):
        """J(y), n x |theta|: columns for V[t, j] (or W[t, j]) in C order, then U[t, j], then b[j], as trained."""
        n, m = self.V.shape
        c = self.c
        z = self.V.T @ y + self.b
        h = sigma(z, self.act)
        s = sigma_prime(z, self.act)
        Ud = self.decoder()
        cols = []
        # d f / d V[t, j] = c s_j y_t u_j  (tied adds c h_j e_t, the decoder role of w_j)
        JV = np.zeros((n, n, m))
        for t in range(n):
            for j in range(m):
                col = c * s[j] * y[t] * Ud[:, j]
                if self.tied:
                    col = col.copy()
                    col[t] += c * h[j]
                JV[:, t, j] = col
        cols.append(JV.reshape(n, n * m))
        if self.joint:
            JU = np.zeros((n, n, m))
            for t in range(n):
                for j in range(m):
                    JU[t, t, j] = c * h[j]
            cols.append(JU.reshape(n, n * m))
        if self.learned_bias:
            cols.append(c * Ud * s[None, :])
        return np.concatenate(cols, axis=1)

    def theta(self):
        parts = [self.V.reshape(-1)]
        if self.joint:
            parts.append(self.U.reshape(-1))
        if self.learned_bias:
            parts.append(self.b)
        return np.concatenate(parts)

    def with_theta(self, theta):
        n, m = self.V.shape
        V = theta[:n * m].reshape(n, m)
        k = n * m
        U = self.U
        if self.joint:
            U = theta[k:k + n * m].reshape(n, m)
            k += n * m
        b = theta[k:k + m].copy() if self.learned_bias else self.b
        return Model(V, None if self.tied else U, b, self.c, self.act, self.joint, self.learned_bias)


def empirical_kernel(model, Y):
    n, P = Y.shape
    J = [model.jacobian(Y[:, a]) for a in range(P)]
    K = np.empty((P, P))
    for a in range(P):
        for b in range(P):
            K[a, b] = np.sum(J[a] * J[b]) / n
    return K


def twin_losses(model0, Y, eta, l2, T):
    """Full-batch gd on the mean loss of f_lin (plus (l2/2)||theta||^2 over the trained weight matrices)."""
    n, N = Y.shape
    F0 = np.stack([model0.f(Y[:, a]) for a in range(N)], axis=1)
    J = [model0.jacobian(Y[:, a]) for a in range(N)]
    theta0 = model0.theta()
    n_w = model0.V.size * (2 if model0.joint else 1)  # l2 covers the weights, not the bias
    theta = theta0.copy()
    losses = []
    for s in range(T + 1):
        d = theta - theta0
        R = Y - (F0 + np.stack([J[a] @ d for a in range(N)], axis=1))
        losses.append(0.5 * float(np.sum(R * R)) / N)
        if s == T:
            break
        grad = -sum(J[a].T @ R[:, a] for a in range(N)) / N
        grad[:n_w] += l2 * theta[:n_w]
        theta = theta - eta * grad
    return losses


def pair_expectations(act, ca, cb, cab, order):
    """E[sigma'(Xa) sigma'(Xb)], E[sigma(Xa) sigma(Xb)] for (Xa, Xb) ~ N(0, [[ca, cab], [cab, cb]])."""
    if act == "linear":
        return 1.0, cab
    na, nb = np.sqrt(ca), np.sqrt(cb)
    if act == "relu":
        if na == 0 or nb == 0:
            return 0.0, 0.0
        phi = np.arccos(np.clip(cab / (na * nb), -1.0, 1.0))
        return (np.pi - phi) / (2 * np.pi), na * nb * (np.sin(phi) + (np.pi - phi) * np.cos(phi)) / (2 * np.pi)
    x, w = np.polynomial.hermite_e.hermegauss(order)
    w = w / np.sqrt(2 * np.pi)
    # Cholesky factor of the 2 x 2 covariance
    l11 = na
    l21 = cab / na if na > 0 else 0.0
    l22 = np.sqrt(max(cb - l21 * l21, 0.0))
    Xa = l11 * x[:, None] + 0.0 * x[None, :]
    Xb = l21 * x[:, None] + l22 * x[None, :]
    W = w[:, None] * w[None, :]
    ev = float(np.sum(W * sigma_prime(Xa, act) * sigma_prime(Xb, act)))
    eu = float(np.sum(W * sigma(Xa, act) * sigma(Xb, act)))
    return ev, eu


def infinite_kernel(Y, init_scale, act, joint, learned_bias, order):
    """K_inf = s^2 (y_a^T y_b) E[s's'] (+ s^2 E[s's'] for a learned bias) (+ E[ss] when joint), SPEC 8.2."""
    G = Y.T @ Y
    P = G.shape[0]
    s2 = init_scale ** 2
    K = np.empty((P, P))
    for a in range(P):
        for b in range(P):
            ev, eu = pair_expectations(act, s2 * G[a, a], s2 * G[b, b], s2 * G[a, b], order)
            if act == "relu" and a == b and G[a, a] > 0:
                ev = 0.5  # phi = 0 exactly on the diagonal
                eu = s2 * G[a, a] / 2
            K[a, b] = s2 * (G[a, b] + (1.0 if learned_bias else 0.0)) * ev + (eu if joint else 0.0)
    return K


def predicted_losses(K, R0, eta, T):
    n, N = R0.shape
    step = np.eye(N) - (eta / N) * K
    R = R0.copy()
    out = []
    for s in range(T + 1):
        out.append(0.5 * float(np.sum(R * R)) / N)
        R = R @ step
    return out


def self_test():
    rng = np.random.default_rng(3)
    n, m, P = 4, 3, 5
    ok = True
    for act in ("tanh", "softplus", "relu", "linear"):
        for tied in (True, False):
            for joint in (True, False):
                if tied and not joint:
                    continue
                V = rng.normal(size=(n, m))
                U = None if tied else rng.normal(size=(n, m))
                model = Model(V, U, rng.normal(size=m), 0.6, act, joint, True)
                y = rng.normal(size=n)
                J = model.jacobian(y)
                theta = model.theta()
                h = 1e-6
                for k in range(theta.size):
                    e = np.zeros(theta.size)
                    e[k] = h
                    fd = (model.with_theta(theta + e).f(y) - model.with_theta(theta - e).f(y)) / (2 * h)
                    ok &= bool(np.max(np.abs(fd - J[:, k])) < 1e-7)
    # the quadrature on linear (exact) and relu (slow) against the closed forms
    ev, eu = pair_expectations("tanh", 1.0, 1.0, 0.3, 150)
    ok &= abs(pair_expectations("linear", 1.3, 0.7, 0.4, 0)[1] - 0.4) < 1e-15
    print("self-test", "passed" if ok else "FAILED", ev, eu)
    return 0 if ok else 1


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("command", nargs="?")
    p.add_argument("--self-test", action="store_true")
    p.add_argument("--samples")
    p.add_argument("--encoder")
    p.add_argument("--decoder")
    p.add_argument("--bias")
    p.add_argument("--regime", choices=("joint", "encoder-only"), default="joint")
    p.add_argument("--scale", choices=("standard", "ntk", "mean-field"), default="ntk")
    p.add_argument("--activation", default="relu")
    p.add_argument("--learned-bias", action="store_true")
    p.add_argument("--learning-rate", type=float)
    p.add_argument("--l2", type=float, default=0.0)
    p.add_argument("--iterations", type=int)
    p.add_argument("--init-scale", type=float, default=1.0)
    p.add_argument("--order", type=int, default=150)
    p.add_argument("--kernel")
    p.add_argument("--residual")
    p.add_argument("--out")
    a = p.parse_args(argv)
    if a.self_test:
        return self_test()
    joint = a.regime == "joint"
    if a.command in ("kernel", "twin"):
        Y = np.load(a.samples)
        V = np.load(a.encoder)
        U = np.load(a.decoder) if a.decoder else None
        b = np.load(a.bias)
        model = Model(V, U, b, output_scale(a.scale, V.shape[1]), a.activation, joint, a.learned_bias)
        if a.command == "kernel":
            np.save(a.out, empirical_kernel(model, Y))
            return 0
        rows = twin_losses(model, Y, a.learning_rate, a.l2, a.iterations)
    elif a.command == "infinite":
        Y = np.load(a.samples)
        np.save(a.out, infinite_kernel(Y, a.init_scale, a.activation, joint, a.learned_bias, a.order))
        return 0
    elif a.command == "predict":
        rows = predicted_losses(np.load(a.kernel), np.load(a.residual), a.learning_rate, a.iterations)
    else:
        p.error("a command: kernel, twin, infinite or predict")
    with open(a.out, "w") as f:
        f.write("iteration,loss\n")
        for s, loss in enumerate(rows):
            f.write("%d,%r\n" % (s, float(loss)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
