# Synthetic laws unlike the suite's Gaussian mixtures (QUALITY.md, "Synthetic families unlike the
# suite's: heavy tails, bounds, counts, manifolds", issue 13). 4 000 training rows unless said:
#  t3mix10       mixture of 3 multivariate Student-t (nu = 3) in 10-D, means N(0, 3^2), random covariances
#  lognormal8    exp() of a 3-component Gaussian mixture in 8-D (positive, right-skewed columns)
#  dirichlet6    Dirichlet(0.5, 1, 2, 3, 1, 0.8) rows: bounded in [0, 1], each row sums to 1
#  betacopula10  10 Beta columns (some U-shaped, a = b = 0.5) linked by a Gaussian copula, random correlation
#  poisson8      integer counts: 4-component mixture of independent Poisson columns, rates 0.5..30
#  negbin5       negative binomial counts (dispersion 0.5) in 5-D, correlated through a shared gamma factor
#  swissroll20   swiss roll (3-D) through a random linear map into 20-D, plus isotropic noise sd 0.05
#  torus10       2-torus (cos u, sin u, cos v, sin v) through a random linear map into 10-D, noise sd 0.05
#  clusters50x10 50 isotropic clusters (sd 0.15, means uniform in [-5, 5]^10), weights Dirichlet(1), 20 000 rows
#  cauchy5       2-component mixture of multivariate t with nu = 1.5 in 5-D (very heavy tails)
#  factors100    100-D: 3 clusters in a 6-D latent factor space, random loadings, column noise sd 0.1..1, 5 000 rows
#  uniform10     uniform on [0, 1]^10
#  mixed6        3 continuous columns (Gaussian mixture), 2 integer columns (Poisson, binomial) whose
#                parameters depend on them, and an integer-coded label 0..2 drawn by a softmax of them
# Each law has its own fixed seed; the reference sample is 5 000 further rows of the same law.
# Continuous values are written with 6 significant digits, integer columns as integers.
# usage: python3 tests/battery/families.py OUT_DIR   -> OUT_DIR/NAME-tr.csv and OUT_DIR/NAME-ref.csv
import sys
import numpy as np
out = sys.argv[1] if len(sys.argv) > 1 else '.'
NREF = 5000


def rcov(rng, d, lo=0.1, hi=1.0):
    q, _ = np.linalg.qr(rng.normal(0, 1, (d, d)))
    return (q * rng.uniform(lo, hi, d)) @ q.T


def rcorr(rng, d):
    a = rng.normal(0, 1, (d, d + 2)); c = a @ a.T
    s = np.sqrt(np.diag(c)); return c / np.outer(s, s)


def mvt(rng, mu, cov, nu, m):
    g = rng.multivariate_normal(np.zeros(len(mu)), cov, m)
    return mu + g / np.sqrt(rng.chisquare(nu, m) / nu)[:, None]


def mixture(rng, m, w, draw):
    z = rng.choice(len(w), size=m, p=w)
    x = None
    for j in range(len(w)):
        s = np.flatnonzero(z == j)
        if len(s) == 0:
            continue
        v = draw(j, len(s))
        if x is None:
            x = np.empty((m, v.shape[1]), dtype=v.dtype)
        x[s] = v
    return x


def t3mix10(rng, m):
    d, k = 10, 3; mu = rng.normal(0, 3, (k, d)); cv = [rcov(rng, d) for _ in range(k)]
    return mixture(rng, m, rng.dirichlet(np.full(k, 2.0)), lambda j, n: mvt(rng, mu[j], cv[j], 3, n))


def lognormal8(rng, m):
    d, k = 8, 3; mu = rng.normal(0, 1, (k, d)); cv = [rcov(rng, d, 0.05, 0.5) for _ in range(k)]
    return np.exp(mixture(rng, m, rng.dirichlet(np.full(k, 2.0)),
                          lambda j, n: rng.multivariate_normal(mu[j], cv[j], n)))


def dirichlet6(rng, m):
    return rng.dirichlet([0.5, 1, 2, 3, 1, 0.8], m)


def ncdf(z):
    from math import erf
    return 0.5 * (1 + np.vectorize(erf)(z / np.sqrt(2)))


def betappf(u, a, b, rng):
    # inverse CDF by a sorted reference sample (large), enough at 6 digits for a test law
    ref = np.sort(rng.beta(a, b, 200000))
    return np.interp(u, (np.arange(len(ref)) + 0.5) / len(ref), ref)


def betacopula10(rng, m):
    d = 10; c = rcorr(rng, d)
    ab = [(0.5, 0.5), (2, 5), (5, 2), (0.5, 0.5), (1, 1), (2, 2), (0.7, 3), (3, 0.7), (8, 8), (0.5, 0.5)]
    u = ncdf(rng.multivariate_normal(np.zeros(d), c, m))
    return np.column_stack([betappf(u[:, i], a, b, rng) for i, (a, b) in enumerate(ab)])


def poisson8(rng, m):
    d, k = 8, 4; lam = np.exp(rng.uniform(np.log(0.5), np.log(30), (k, d)))
    return mixture(rng, m, rng.dirichlet(np.full(k, 2.0)), lambda j, n: rng.poisson(lam[j], (n, d)))


def negbin5(rng, m):
    d = 5; mean = np.array([2, 5, 10, 1, 20.0]); r = 0.5
    f = rng.gamma(2.0, 0.5, m)[:, None]  # shared factor, mean 1
    lam = rng.gamma(r, mean / r, (m, d)) * f
    return rng.poisson(lam)


def swissroll20(rng, m):
    t = 1.5 * np.pi * (1 + 2 * rng.uniform(0, 1, m)); h = rng.uniform(0, 21, m)
    x3 = np.column_stack([t * np.cos(t), h, t * np.sin(t)]) / 5
    a = rng.normal(0, 1, (3, 20)) / np.sqrt(3)
    return x3 @ a + rng.normal(0, 0.05, (m, 20))


def torus10(rng, m):
    u = rng.uniform(0, 2 * np.pi, m); v = rng.uniform(0, 2 * np.pi, m)
    x4 = np.column_stack([np.cos(u), np.sin(u), np.cos(v), np.sin(v)])
    a = rng.normal(0, 1, (4, 10))
    return x4 @ a + rng.normal(0, 0.05, (m, 10))


def clusters50x10(rng, m):
    d, k = 10, 50; mu = rng.uniform(-5, 5, (k, d))
    return mixture(rng, m, rng.dirichlet(np.ones(k)), lambda j, n: mu[j] + rng.normal(0, 0.15, (n, d)))


def cauchy5(rng, m):
    d, k = 5, 2; mu = rng.normal(0, 4, (k, d)); cv = [rcov(rng, d, 0.2, 1.0) for _ in range(k)]
    return mixture(rng, m, np.array([0.6, 0.4]), lambda j, n: mvt(rng, mu[j], cv[j], 1.5, n))


def factors100(rng, m):
    d, q, k = 100, 6, 3; mu = rng.normal(0, 2, (k, q)); cv = [rcov(rng, q, 0.1, 1.0) for _ in range(k)]
    z = mixture(rng, m, np.array([0.5, 0.3, 0.2]), lambda j, n: rng.multivariate_normal(mu[j], cv[j], n))
    return z @ rng.normal(0, 1, (q, d)) + rng.normal(0, 1, (m, d)) * rng.uniform(0.1, 1, d)


def uniform10(rng, m):
    return rng.uniform(0, 1, (m, 10))


def mixed6(rng, m):
    mu = np.array([[0, 0, 0], [2, -1, 1], [-2, 1, 2.0]])
    x = mixture(rng, m, np.array([0.4, 0.35, 0.25]), lambda j, n: mu[j] + rng.normal(0, 0.6, (n, 3)))
    n1 = rng.poisson(np.exp(0.5 + 0.6 * x[:, 0]))
    n2 = rng.binomial(10, 1 / (1 + np.exp(-x[:, 1])))
    lg = np.column_stack([np.zeros(m), 1.5 * x[:, 0] - x[:, 2], 2 * x[:, 2] - 1])
    p = np.exp(lg - lg.max(1, keepdims=True)); p /= p.sum(1, keepdims=True)
    lab = (rng.uniform(0, 1, m)[:, None] > np.cumsum(p, 1)).sum(1)
    return x, np.column_stack([n1, n2, lab])


LAWS = [(t3mix10, 4000), (lognormal8, 4000), (dirichlet6, 4000), (betacopula10, 4000), (poisson8, 4000),
        (negbin5, 4000), (swissroll20, 4000), (torus10, 4000), (clusters50x10, 20000), (cauchy5, 4000),
        (factors100, 5000), (uniform10, 4000), (mixed6, 4000)]


def write(path, cont, ints, names):
    with open(path, 'w') as f:
        f.write(','.join(names) + '\n')
        for i in range(len(cont) if cont is not None else len(ints)):
            cells = [] if cont is None else ['%.6g' % v for v in cont[i]]
            if ints is not None:
                cells += ['%d' % v for v in ints[i]]
            f.write(','.join(cells) + '\n')


for i, (law, n) in enumerate(LAWS, start=1):
    rng = np.random.default_rng(1300 + i)
    x = law(rng, n + NREF)
    if isinstance(x, tuple):
        cont, ints = x
    elif np.issubdtype(x.dtype, np.integer):
        cont, ints = None, x
    else:
        cont, ints = x, None
    d = (0 if cont is None else cont.shape[1]) + (0 if ints is None else ints.shape[1])
    names = [f'v{t + 1}' for t in range(d)]
    if law is mixed6:
        names = ['x1', 'x2', 'x3', 'n1', 'n2', 'label']
    for part, sl in (('tr', slice(0, n)), ('ref', slice(n, n + NREF))):
        write(f'{out}/{law.__name__}-{part}.csv', None if cont is None else cont[sl],
              None if ints is None else ints[sl], names)
