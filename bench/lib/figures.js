// The shape every suite reports: figures of ours beside a comparison from the same run, and goals.
import { acrossRuns, pairedRatio } from "./stats.js";

/**
 * One figure: `ours` and `base` are per-run values (paired by run), summarised as median and
 * spread; the ratio is taken per run, then summarised.
 */
export function figure(label, unit, ours, base, baseLabel) {
  return {
    label,
    unit,
    ours: acrossRuns(ours),
    ...(base ? { base: acrossRuns(base), baseLabel, ratio: pairedRatio(ours, base) } : {}),
  };
}

/** A goal of the issue with the measured value it is judged on. */
export function goal(id, text, value, met) {
  return { id, text, value, met };
}

/** `x.xx×` */
export const times = (value) => `${value.toFixed(2)}×`;
