export { tailSpans } from './tailSpans'
export type { TailOptions, TailStats } from './tailSpans'
export { SeenSpans } from './seenSpans'
