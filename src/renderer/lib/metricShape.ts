// How a metric is drawn. Samples of a quantity that exists between them (memory, CPU, a running
// total) are a series: a line joins them. Samples that each count one thing that happened (tokens
// of a request, a call's duration) are events: a line between two requests would invent values
// nobody measured, so each is a bar. One sample is a value, not a chart.
import { TOKEN_METRICS, type MetricSample } from '../../shared/domain'

export type MetricShape = 'series' | 'events' | 'single'

/** name parts of per-occurrence measurements: OpenTelemetry GenAI usage, counts, durations */
const EVENT_NAME = /(^|[._])(usage|tokens?|count|duration|latency|cost|requests?)([._]|$)/i
/** running totals and gauges stay lines even when their names say tokens */
const SERIES_NAME =
  /(^|[._])(total|cumulative|sum|gauge|percent|utilization|rss|heap|memory|cpu)([._]|$)/i

export function metricShape(name: string, samples: ReadonlyArray<MetricSample>): MetricShape {
  if (samples.length === 1) return 'single'
  if ((TOKEN_METRICS as readonly string[]).includes(name)) return 'events'
  if (SERIES_NAME.test(name)) return 'series'
  if (EVENT_NAME.test(name)) return 'events'
  // the collector's per-request token samples say how many spans they sum
  if (samples.some((s) => s.attributes?.spans !== undefined)) return 'events'
  return 'series'
}

/** The value axis: events are bars from zero, so zero is on it; a flat series gets some height. */
export function valueDomain(shape: MetricShape, lo: number, hi: number): [number, number] {
  const a = shape === 'events' ? Math.min(0, lo) : lo
  const b = shape === 'events' ? Math.max(0, hi) : hi
  return [a, b === a ? a + 1 : b]
}
