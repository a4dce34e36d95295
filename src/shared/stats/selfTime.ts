// Self time: the part of a span's duration not spent in its children. One rule for the
// statistics (groupStats.ts, and the store's SQL pass in nativeGroupStats.ts, which mirrors it)
// and the flame graph.

/**
 * How much of a child's interval lies inside its parent's [start, end] (ms): a child that ran
 * after its parent ended (an agent's task started by a coordinator that had returned) takes
 * nothing off the parent; unknown or not finite bounds count 0.
 */
export function overlapMs(
  start: number,
  end: number,
  childStart: number,
  childEnd: number,
): number {
  const o = Math.min(end, childEnd) - Math.max(start, childStart)
  return Number.isFinite(o) && o > 0 ? o : 0
}

/**
 * A span's self time: its duration less its children's time inside it (`overlapMs`, summed),
 * never below 0 (unknown counts 0).
 */
export const selfTime = (ms: number, childrenMs: number): number => Math.max(0, ms - childrenMs)
