/** Exponentially weighted mean and variance, updated one sample at a time. */
export interface Ewma {
  mean: number;
  variance: number;
  /** Samples folded in so far. */
  n: number;
}

export function emptyEwma(): Ewma {
  return { mean: 0, variance: 0, n: 0 };
}

/** Folds `x` in with smoothing factor `alpha`; the first sample initialises the mean. */
export function updateEwma(state: Ewma, x: number, alpha: number): void {
  if (state.n === 0) {
    state.mean = x;
    state.variance = 0;
    state.n = 1;
    return;
  }
  const diff = x - state.mean;
  const increment = alpha * diff;
  state.mean += increment;
  state.variance = (1 - alpha) * (state.variance + diff * increment);
  state.n += 1;
}
