// Statistics of one measurement and of repeated runs of it. Pure functions.

/** The value below which a fraction `q` of the sorted samples lie (nearest rank). */
export function quantile(sorted, q) {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))];
}

/** p50, p99 and mean of latency samples. */
export function latencyOf(samples) {
  const sorted = Float64Array.from(samples).sort();
  let sum = 0;
  for (const value of sorted) sum += value;
  return {
    n: sorted.length,
    p50: quantile(sorted, 0.5),
    p99: quantile(sorted, 0.99),
    mean: sum / sorted.length,
  };
}

/** Median and spread (min, max) of one figure over repeated runs; `runs` keeps every value. */
export function acrossRuns(values) {
  const runs = values.filter((value) => Number.isFinite(value));
  const sorted = [...runs].sort((a, b) => a - b);
  const median =
    sorted.length % 2 === 1
      ? sorted[(sorted.length - 1) / 2]
      : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], runs };
}

/** Per-run ratios of two paired series (run i of `ours` against run i of `base`), across runs. */
export function pairedRatio(ours, base) {
  return acrossRuns(ours.map((value, i) => value / base[i]));
}

/** Runs `measure(round)` `rounds` times for every variant, alternating the order each round. */
export async function alternate(variants, rounds, measure) {
  const results = Object.fromEntries(variants.map((variant) => [variant, []]));
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? variants : [...variants].reverse();
    for (const variant of order) results[variant].push(await measure(variant, round));
  }
  return results;
}

/** Collects one field of a list of objects. */
export const field = (list, key) => list.map((item) => item[key]);
