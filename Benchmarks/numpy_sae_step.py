"""The NumPy peer of `swift run -c release bench`: the same SAE training step, float64, same shapes.

One step: draw a batch of rows, encode f = ReLU((a - b_dec) W_enc + b_enc), decode a_hat = f W_dec + b_dec,
loss = mean_b ||a_hat - a||^2 + l1 * mean_b ||f||_1, the analytic gradients of all four parameters,
the decoder gradient's parallel component removed, Adam on all four, decoder rows renormalised.
This is what SAEKit's trainer does per step (Chapters/03 and 04), written the idiomatic NumPy way.

    python3 Benchmarks/numpy_sae_step.py D H BATCH STEPS [--data A.npy --W_enc F.npy ... --l1 X --lr Y]
        prints steps per second (the median of 5 runs of STEPS steps, each from the given weights)
    python3 Benchmarks/numpy_sae_step.py D H BATCH STEPS --serve [...]
        warms up, prints "ready", then times one run per line read from stdin and prints its steps per
        second: the bench alternates these runs with its own, so both sides meet the machine in the same state
    python3 Benchmarks/numpy_sae_step.py dgemm N
        prints seconds per N x N x N product (median of 5)

Without --data and the weights it makes standard normal data and a fresh SAE (decoder rows of unit
norm, W_enc = W_dec^T, zero biases), as SAEKit initialises one. The bench always passes its own.
"""
import argparse
import sys
import time

import numpy as np


def sae_runner(d, h, batch, steps, data=None, weights=None, l1=0.1, lr=1e-3, seed=0):
    """A function that runs `steps` training steps from the given weights and returns steps per second."""
    rng = np.random.default_rng(seed)
    if data is None:
        data = rng.standard_normal((max(8 * batch, 4096), d))
    if weights is None:
        W_dec = rng.standard_normal((h, d))
        W_dec /= np.linalg.norm(W_dec, axis=1, keepdims=True)
        weights = (W_dec.T.copy(), np.zeros(h), W_dec, np.zeros(d))
    beta1, beta2, eps = 0.9, 0.999, 1e-8

    def run():
        params = [np.array(p, dtype=np.float64).reshape(shape) for p, shape in zip(weights, ((d, h), (h,), (h, d), (d,)))]
        W_enc, b_enc, W_dec, b_dec = params
        m = [np.zeros_like(p) for p in params]
        v = [np.zeros_like(p) for p in params]
        for t in range(1, steps + 1):
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

    saved, steps = steps, max(1, steps // 10)
    run()                                         # warm-up: caches, thread pools (a tenth of the steps, as the Swift side)
    steps = saved

    def timed():
        start = time.perf_counter()
        run()
        return steps / (time.perf_counter() - start)
    return timed


def sae_steps(d, h, batch, steps, data=None, weights=None, l1=0.1, lr=1e-3, repeats=5):
    """Steps per second: the median of `repeats` timed runs, as the Swift side does."""
    timed = sae_runner(d, h, batch, steps, data, weights, l1, lr)
    return sorted(timed() for _ in range(repeats))[repeats // 2]


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
    if len(sys.argv) > 1 and sys.argv[1] == "dgemm":
        print(f"{dgemm(int(sys.argv[2])):.6f}")
        sys.exit(0)
    parser = argparse.ArgumentParser(description="NumPy SAE training steps per second (the bench's peer)")
    for name in ("d", "h", "batch", "steps"):
        parser.add_argument(name, type=int)
    parser.add_argument("--data", help="activations [N, d] (.npy)")
    for name in ("W_enc", "b_enc", "W_dec", "b_dec"):
        parser.add_argument("--" + name, help=f"the SAE's {name} to start from (.npy)")
    parser.add_argument("--l1", type=float, default=0.1)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--serve", action="store_true", help="time one run per line read from stdin (the bench's mode)")
    args = parser.parse_args()
    data = np.load(args.data) if args.data else None
    names = (args.W_enc, args.b_enc, args.W_dec, args.b_dec)
    weights = tuple(np.load(n) for n in names) if all(names) else None
    if args.serve:
        timed = sae_runner(args.d, args.h, args.batch, args.steps, data, weights, args.l1, args.lr)
        print("ready", flush=True)
        for _ in sys.stdin:
            print(f"{timed():.3f}", flush=True)
    else:
        print(f"{sae_steps(args.d, args.h, args.batch, args.steps, data, weights, args.l1, args.lr):.3f}")
