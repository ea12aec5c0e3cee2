"""The NumPy peer of `swift run -c release bench`: the same SAE training step, float64, same shapes.

One step: draw a batch of rows, encode f = ReLU((a - b_dec) W_enc + b_enc), decode a_hat = f W_dec + b_dec,
loss = mean_b ||a_hat - a||^2 + l1 * mean_b ||f||_1, the analytic gradients of all four parameters,
the decoder gradient's parallel component removed, Adam on all four, decoder rows renormalised.
This is what SAEKit's trainer does per step (Chapters/03 and 04), written the idiomatic NumPy way.

    python3 Benchmarks/numpy_sae_step.py D H BATCH STEPS      # prints: steps per second (median of 5 runs of STEPS)
    python3 Benchmarks/numpy_sae_step.py dgemm N             # prints: seconds per N x N x N product (median of 5)
"""
import sys
import time

import numpy as np


def sae_steps(d, h, batch, steps, repeats=5, seed=0):
    rng = np.random.default_rng(seed)
    data = rng.standard_normal((max(8 * batch, 4096), d))
    W_dec = rng.standard_normal((h, d))
    W_dec /= np.linalg.norm(W_dec, axis=1, keepdims=True)
    W_enc = W_dec.T.copy()
    b_enc = np.zeros(h)
    b_dec = np.zeros(d)
    params = [W_enc, b_enc, W_dec, b_dec]
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    lr, beta1, beta2, eps, l1 = 1e-3, 0.9, 0.999, 1e-8, 0.1

    def step(t):
        a = data[rng.integers(0, data.shape[0], batch)]
        centred = a - b_dec
        z = centred @ W_enc + b_enc
        f = np.maximum(z, 0)
        a_hat = f @ W_dec + b_dec
        r = a_hat - a
        loss = (r * r).sum() / batch + l1 * f.sum() / batch
        d_hat = (2 / batch) * r
        dW_dec = f.T @ d_hat
        d_pre = (d_hat @ W_dec.T + l1 / batch) * (f > 0)
        dW_enc = centred.T @ d_pre
        db_enc = d_pre.sum(axis=0)
        db_dec = d_hat.sum(axis=0) - W_enc @ db_enc
        dW_dec -= (dW_dec * W_dec).sum(axis=1, keepdims=True) * W_dec
        for i, g in enumerate((dW_enc, db_enc, dW_dec, db_dec)):
            m[i] *= beta1
            m[i] += (1 - beta1) * g
            v[i] *= beta2
            v[i] += (1 - beta2) * g * g
            m_hat = m[i] / (1 - beta1 ** t)
            v_hat = v[i] / (1 - beta2 ** t)
            params[i] -= lr * m_hat / (np.sqrt(v_hat) + eps)
        W_dec[:] /= np.linalg.norm(W_dec, axis=1, keepdims=True)
        return loss

    for t in range(1, 4):
        step(t)                                   # warm-up: caches, thread pools
    rates, t = [], 4
    for _ in range(repeats):                      # the median of `repeats` timed runs, as the Swift side does
        start = time.perf_counter()
        for _ in range(steps):
            step(t)
            t += 1
        rates.append(steps / (time.perf_counter() - start))
    return sorted(rates)[repeats // 2]


def dgemm(n, repeats=5):
    rng = np.random.default_rng(0)
    a, b = rng.standard_normal((n, n)), rng.standard_normal((n, n))
    a @ b
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        a @ b
        times.append(time.perf_counter() - start)
    return sorted(times)[repeats // 2]


if __name__ == "__main__":
    if sys.argv[1] == "dgemm":
        print(f"{dgemm(int(sys.argv[2])):.6f}")
    else:
        d, h, batch, steps = map(int, sys.argv[1:5])
        print(f"{sae_steps(d, h, batch, steps):.3f}")
