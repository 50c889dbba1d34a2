/**
 * The few distribution functions the statistics need (Student t and the standard normal), written
 * out here rather than pulled in: the only maintained packages that provide them bring ~230
 * transitive dependencies for four functions. Accurate to ~1e-10 over the ranges used here.
 */

const EPSILON = 1e-15
const TINY = 1e-300
const MAX_ITERATIONS = 500

/** Coefficients of the Lanczos approximation (g = 7, nine terms). */
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
]

/**
 * The last few logGamma arguments and their answers. Each Newton step of a t quantile evaluates the
 * t CDF and density at a new point but with the same df, so it asks again for the same three
 * log-gammas of df; answering them from here made a quantile about a third cheaper.
 */
const LOG_GAMMA_SEEN = new Float64Array(4).fill(Number.NaN)
const LOG_GAMMA_ANSWERS = new Float64Array(4)
let logGammaNext = 0

/** Natural logarithm of the gamma function, for x > 0 (the last few answers are remembered). */
export function logGamma(x: number): number {
  for (let i = 0; i < LOG_GAMMA_SEEN.length; i++) if (LOG_GAMMA_SEEN[i] === x) return LOG_GAMMA_ANSWERS[i]!
  const y = lanczosLogGamma(x)
  LOG_GAMMA_SEEN[logGammaNext] = x
  LOG_GAMMA_ANSWERS[logGammaNext] = y
  logGammaNext = (logGammaNext + 1) % LOG_GAMMA_SEEN.length
  return y
}

/** Natural logarithm of the gamma function, for x > 0, by the Lanczos approximation. */
function lanczosLogGamma(x: number): number {
  if (!(x > 0)) throw new RangeError(`logGamma needs x > 0, got ${x}`)
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x)
  const z = x - 1
  let sum = LANCZOS[0]!
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i]! / (z + i)
  const t = z + 7.5
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum)
}

/** Continued fraction of the incomplete beta function, evaluated with the modified Lentz method. */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const guard = (v: number) => (Math.abs(v) < TINY ? TINY : v)
  let c = 1
  let d = 1 / guard(1 - ((a + b) * x) / (a + 1))
  let h = d
  for (let m = 1; m <= MAX_ITERATIONS; m++) {
    const even = (m * (b - m) * x) / ((a + 2 * m - 1) * (a + 2 * m))
    d = 1 / guard(1 + even * d)
    c = guard(1 + even / c)
    h *= d * c
    const odd = (-(a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1))
    d = 1 / guard(1 + odd * d)
    c = guard(1 + odd / c)
    const step = d * c
    h *= step
    if (Math.abs(step - 1) < EPSILON) return h
  }
  return h
}

/** The regularized incomplete beta function I_x(a, b), for 0 ≤ x ≤ 1 and a, b > 0. */
export function regularizedBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0
  if (x >= 1) return 1
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x))
  // The continued fraction converges fast only on one side of the mean; use the symmetry otherwise.
  return x < (a + 1) / (a + b + 2) ? (front * betaContinuedFraction(a, b, x)) / a : 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b
}

/** The regularized lower incomplete gamma function P(a, x). */
export function regularizedGamma(a: number, x: number): number {
  if (x <= 0) return 0
  const front = Math.exp(-x + a * Math.log(x) - logGamma(a))
  if (x < a + 1) {
    // Power series.
    let term = 1 / a
    let sum = term
    for (let n = 1; n <= MAX_ITERATIONS; n++) {
      term *= x / (a + n)
      sum += term
      if (Math.abs(term) < Math.abs(sum) * EPSILON) break
    }
    return front * sum
  }
  // Continued fraction for the upper tail Q(a, x), Lentz method.
  const guard = (v: number) => (Math.abs(v) < TINY ? TINY : v)
  let b = x + 1 - a
  let c = 1 / TINY
  let d = 1 / guard(b)
  let h = d
  for (let i = 1; i <= MAX_ITERATIONS; i++) {
    const an = -i * (i - a)
    b += 2
    d = 1 / guard(an * d + b)
    c = guard(b + an / c)
    const step = d * c
    h *= step
    if (Math.abs(step - 1) < EPSILON) break
  }
  return 1 - front * h
}

/** P(T ≤ t) for Student's t distribution with `df` degrees of freedom. */
export function tCdf(t: number, df: number): number {
  if (!(df > 0)) throw new RangeError(`tCdf needs df > 0, got ${df}`)
  if (t === Infinity) return 1
  if (t === -Infinity) return 0
  const t2 = t * t
  // Two equivalent forms; each is evaluated where it does not lose digits to cancellation.
  if (t2 < df) {
    const half = 0.5 * regularizedBeta(t2 / (df + t2), 0.5, df / 2)
    return t > 0 ? 0.5 + half : 0.5 - half
  }
  const tail = 0.5 * regularizedBeta(df / (df + t2), df / 2, 0.5)
  return t > 0 ? 1 - tail : tail
}

/** P(Z ≤ z) for the standard normal distribution. */
export function normalCdf(z: number): number {
  if (z === Infinity) return 1
  if (z === -Infinity) return 0
  const half = 0.5 * regularizedGamma(0.5, (z * z) / 2)
  return z >= 0 ? 0.5 + half : 0.5 - half
}

/** Inverts a continuous increasing CDF by bracketing and bisection (robust; speed is not an issue here). */
function invert(cdf: (x: number) => number, p: number, name: string): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`${name} needs 0 < p < 1, got ${p}`)
  let lo = -1
  let hi = 1
  while (cdf(lo) > p) lo *= 2
  while (cdf(hi) < p) hi *= 2
  for (let i = 0; i < 200 && hi - lo > 1e-12 * Math.max(1, Math.abs(lo)); i++) {
    const mid = (lo + hi) / 2
    if (cdf(mid) < p) lo = mid
    else hi = mid
  }
  return (lo + hi) / 2
}

/** The density of Student's t distribution with `df` degrees of freedom. */
export function tPdf(t: number, df: number): number {
  return Math.exp(logGamma((df + 1) / 2) - logGamma(df / 2) - 0.5 * Math.log(df * Math.PI) - ((df + 1) / 2) * Math.log1p((t * t) / df))
}

/**
 * Quantiles already computed, by p and then df: the gate and its simulations ask for the same few
 * levels (its simultaneous and MDE levels, the power), and the same df (n − 1 of the suite and
 * track rows, and Welch df of cells with the same spread) over thousands of comparisons. Keyed by
 * the numbers themselves: formatting both into a string key cost more than many lookups saved.
 * Emptied when full.
 */
const T_QUANTILES = new Map<number, Map<number, number>>()
let tQuantilesHeld = 0
const T_QUANTILE_CACHE_MAX = 10_000

/** The p-quantile of Student's t distribution with `df` degrees of freedom (remembered; see tQuantileUncached). */
export function tQuantile(p: number, df: number): number {
  const known = T_QUANTILES.get(p)?.get(df)
  if (known !== undefined) return known
  const q = tQuantileUncached(p, df)
  if (tQuantilesHeld >= T_QUANTILE_CACHE_MAX) {
    T_QUANTILES.clear()
    tQuantilesHeld = 0
  }
  let byDf = T_QUANTILES.get(p)
  if (byDf === undefined) T_QUANTILES.set(p, (byDf = new Map()))
  byDf.set(df, q)
  tQuantilesHeld++
  return q
}

/**
 * The p-quantile of Student's t distribution with `df` degrees of freedom, computed: Newton's method
 * from the normal quantile (a few steps; the gate asks for thousands with fractional Welch df),
 * falling back to bisection when a step leaves the region where it converges.
 */
export function tQuantileUncached(p: number, df: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`tQuantile needs 0 < p < 1, got ${p}`)
  let t = normalQuantileFast(p)
  let converged = false
  for (let i = 0; i < 50 && Number.isFinite(t); i++) {
    const step = (tCdf(t, df) - p) / tPdf(t, df)
    if (!Number.isFinite(step)) break
    t -= step
    if (Math.abs(step) <= 1e-12 * Math.max(1, Math.abs(t))) {
      converged = true
      break
    }
  }
  return converged && Math.abs(tCdf(t, df) - p) < 1e-12 ? t : invert((x) => tCdf(x, df), p, 'tQuantile')
}

/** Acklam's rational approximation of the normal quantile (relative error ~1e-9): a starting point for Newton. */
function normalQuantileFast(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239]
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572]
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783]
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416]
  const tail = (q: number) => (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1)
  if (p < 0.02425) return tail(Math.sqrt(-2 * Math.log(p)))
  if (p > 1 - 0.02425) return -tail(Math.sqrt(-2 * Math.log(1 - p)))
  const q = p - 0.5
  const r = q * q
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
}

/** Normal quantiles already computed: every Wilson interval asks for the same one, and each costs a few hundred CDF evaluations. */
const NORMAL_QUANTILES = new Map<number, number>()

/** The p-quantile of the standard normal distribution. */
export function normalQuantile(p: number): number {
  const known = NORMAL_QUANTILES.get(p)
  if (known !== undefined) return known
  const q = invert(normalCdf, p, 'normalQuantile')
  if (NORMAL_QUANTILES.size >= T_QUANTILE_CACHE_MAX) NORMAL_QUANTILES.clear()
  NORMAL_QUANTILES.set(p, q)
  return q
}
