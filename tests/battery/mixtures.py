# Random Gaussian mixtures of 3, 10 and 30 components in 5, 8, 12, 20 and 30 dimensions at 1 500,
# 4 000 and 12 000 training rows (QUALITY.md, "Random Gaussian mixtures in 5-30 dimensions: a
# sweep"). Each law: weights Dirichlet(2), means N(0, 2.5^2) per coordinate, each covariance a
# random rotation of eigenvalues log-uniform on [0.05, 1]; the rows after the training rows (as
# many, at most 5 000) are a reference sample of the same law.
# usage: python3 tests/battery/mixtures.py OUT_DIR   -> OUT_DIR/d{d}k{k}n{n}-tr.csv and -ref.csv
import itertools, sys
import numpy as np
out = sys.argv[1] if len(sys.argv) > 1 else '.'
for i, (d, k, n) in enumerate(itertools.product([5, 8, 12, 20, 30], [3, 10, 30], [1500, 4000, 12000]), start=1):
    rng = np.random.default_rng(100 + i)
    w = rng.dirichlet(np.full(k, 2.0)); mu = rng.normal(0, 2.5, (k, d))
    covs = []
    for j in range(k):
        q, _ = np.linalg.qr(rng.normal(0, 1, (d, d)))
        covs.append((q * np.exp(rng.uniform(np.log(0.05), 0, d))) @ q.T)
    m = n + min(n, 5000)
    z = rng.choice(k, size=m, p=w); x = np.empty((m, d))
    for j in range(k):
        s = z == j; x[s] = rng.multivariate_normal(mu[j], covs[j], s.sum())
    name, header = f'd{d}k{k}n{n}', ','.join(f'v{t + 1}' for t in range(d))
    np.savetxt(f'{out}/{name}-tr.csv', x[:n], delimiter=',', fmt='%.6g', header=header, comments='')
    np.savetxt(f'{out}/{name}-ref.csv', x[n:], delimiter=',', fmt='%.6g', header=header, comments='')
