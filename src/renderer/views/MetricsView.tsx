// Metric samples (resource usage, performance snapshots, token counts) as charts that share the
// timeline's time window: zoom the timeline and the charts follow. Series are lines, per-request
// samples bars, a lone sample its value (lib/metricShape.ts says which).
import { useEffect, useMemo, useRef, useState } from 'react'
import { line, scaleLinear } from 'd3'
import { useAppStore } from '../state/store'
import { describeError } from '../state/apiRef'
import { allMetricSamples, MAX_PAGES } from '../state/metricPages'
import { Empty, Failed, Loading } from '../components/States'
import { timeTicks } from '../timeline/ticks'
import type { MetricSample } from '../../shared/domain'
import { metricShape, valueDomain } from '../lib/metricShape'
import { formatTime } from '../lib/format'
import { agentColourVar } from '../draw/agentPalette'

const CH = 90

export function MetricsView({ sessionId }: { sessionId: string }) {
  const sourceId = useAppStore((s) => s.sourceId)
  const view = useAppStore((s) => s.view)
  const bounds = useAppStore((s) => s.bounds)
  const agents = useAppStore((s) => s.agents)
  const [samples, setSamples] = useState<MetricSample[] | null>(null)
  const [complete, setComplete] = useState(true)
  const [error, setError] = useState<string | null>(null)
  // real pixels (no viewBox stretching): labels keep their shape at any width
  const box = useRef<HTMLDivElement | null>(null)
  const [W, setW] = useState(900)
  useEffect(() => {
    const el = box.current
    if (!el) return
    const ro = new ResizeObserver(() => setW(Math.max(300, el.clientWidth - 24)))
    ro.observe(el)
    return () => ro.disconnect()
  }, [samples !== null])

  useEffect(() => {
    if (!sourceId) return
    let stale = false
    setSamples(null)
    allMetricSamples(sourceId, { sessionId })
      .then((r) => {
        if (stale) return
        setSamples(r.samples)
        setComplete(r.complete)
      })
      .catch((e) => !stale && setError(describeError(e)))
    return () => {
      stale = true
    }
  }, [sourceId, sessionId])

  const series = useMemo(() => {
    const m = new Map<string, MetricSample[]>()
    for (const s of samples ?? []) {
      const key = s.agentId ? `${s.name} · ${s.agentId}` : s.name
      const list = m.get(key)
      if (list) list.push(s)
      else m.set(key, [s])
    }
    for (const l of m.values()) l.sort((a, b) => a.time - b.time)
    return [...m.entries()].sort((a, b) => a[0].localeCompare(b[0]))
  }, [samples])

  if (error) return <Failed title="Could not load metrics" message={error} />
  if (!samples) return <Loading what="metrics" />
  if (series.length === 0)
    return (
      <Empty title="No metrics recorded for this session">
        <p>
          Resource usage, performance snapshots and token counts appear here when the source records
          them.
        </p>
      </Empty>
    )
  // the timeline's window when it covers the samples, else the samples' own range
  let t0 = Infinity
  let t1 = -Infinity
  for (const [, l] of series) {
    t0 = Math.min(t0, l[0].time)
    t1 = Math.max(t1, l[l.length - 1].time)
  }
  const inside = view.end > t0 && view.start < t1
  const win = inside ? view : { start: t0, end: t1 > t0 ? t1 : t0 + 1 }
  const x = scaleLinear()
    .domain([win.start, win.end])
    .range([40, W - 10])
  // the last label would be cut at the right edge
  const ticks = timeTicks(win, bounds.start, W - 50, 120).filter((t) => t.x < W - 80)
  return (
    <div
      className="metrics"
      data-testid="metrics-view"
      ref={box}
      tabIndex={0}
      role="region"
      aria-label="Metrics"
    >
      <p className="muted">
        Same time axis as the timeline{inside ? ' (zoom there to zoom here)' : ''}.
        {!complete &&
          ` Only the first ${(MAX_PAGES * 5000).toLocaleString()} samples are drawn; export the session for the rest.`}
      </p>
      {series.map(([name, list]) => {
        // a loop, not Math.min(...values): a long run has more samples than a call takes arguments
        let lo = Infinity
        let hi = -Infinity
        for (const s of list) {
          lo = Math.min(lo, s.value)
          hi = Math.max(hi, s.value)
        }
        const shape = metricShape(list[0].name, list)
        // one agent's series is drawn in that agent's colour (the same as on every view)
        const agent = list[0].agentId
        const stroke = agent ? { stroke: agentColourVar(agents, agent) } : undefined
        const last = list[list.length - 1]
        if (shape === 'single')
          return (
            <div className="metric" key={name} data-testid="metric-chart" data-shape={shape}>
              <h4>
                {name} <span className="muted">one sample</span>
              </h4>
              <p className="metric-value" data-testid="metric-value">
                {last.value.toLocaleString()}{' '}
                <span className="muted">at {formatTime(last.time)}</span>
              </p>
            </div>
          )
        const y = scaleLinear()
          .domain(valueDomain(shape, lo, hi))
          .range([CH - 16, 6])
          .nice()
        const path =
          shape === 'series'
            ? line<MetricSample>()
                .x((d) => x(d.time))
                .y((d) => y(d.value))(list)
            : null
        const base = y(Math.max(y.domain()[0], 0))
        let sum = 0
        for (const s of list) sum += s.value
        return (
          <div className="metric" key={name} data-testid="metric-chart" data-shape={shape}>
            <h4>
              {name}{' '}
              <span className="muted">
                {shape === 'events'
                  ? `${list.length.toLocaleString()} samples · sum ${sum.toLocaleString()} · max ${hi.toLocaleString()}`
                  : `last ${last.value.toLocaleString()} · max ${hi.toLocaleString()}`}
              </span>
            </h4>
            <svg width={W} height={CH}>
              <g className="axis">
                {ticks.map((t) => (
                  <g key={t.offset}>
                    <line x1={40 + t.x} x2={40 + t.x} y1={0} y2={CH - 14} />
                    <text x={42 + t.x} y={CH - 3}>
                      {t.label}
                    </text>
                  </g>
                ))}
                <text x={2} y={12}>
                  {y.domain()[1].toLocaleString()}
                </text>
                <text x={2} y={CH - 18}>
                  {y.domain()[0].toLocaleString()}
                </text>
              </g>
              {path !== null && <path className="line" d={path ?? ''} style={stroke} />}
              {shape === 'events' && (
                // one path of vertical bars: a long run has more samples than the page could
                // hold as elements
                <path
                  className="bars"
                  style={stroke}
                  data-bars={list.length}
                  d={list.map((d) => `M${x(d.time)},${base}V${y(d.value)}`).join('')}
                />
              )}
            </svg>
          </div>
        )
      })}
    </div>
  )
}
