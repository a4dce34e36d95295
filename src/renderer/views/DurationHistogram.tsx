// A group's durations as seven bars (< 1 ms … ≥ 100 s), tall as the share of spans in each: the
// shape of a latency distribution at a glance, and its numbers in the label for screen readers.
import { HISTOGRAM_EDGES_MS } from '../../shared/stats/groupStats'
import { formatDuration } from '../lib/format'

const BIN_LABELS = [
  `< ${formatDuration(HISTOGRAM_EDGES_MS[0])}`,
  ...HISTOGRAM_EDGES_MS.slice(1).map((e) => `< ${formatDuration(e)}`),
  `≥ ${formatDuration(HISTOGRAM_EDGES_MS[HISTOGRAM_EDGES_MS.length - 1])}`,
]
const W = 8
const H = 20

export function DurationHistogram({ counts }: { counts: number[] }) {
  const max = Math.max(1, ...counts)
  const label = counts
    .map((c, i) => (c ? `${c.toLocaleString()} ${BIN_LABELS[i]}` : null))
    .filter(Boolean)
    .join(', ')
  return (
    <svg
      className="histogram"
      width={counts.length * (W + 2)}
      height={H}
      role="img"
      aria-label={`durations: ${label}`}
    >
      <title>{label}</title>
      {counts.map((c, i) => {
        const h = c ? Math.max(2, (c / max) * H) : 0
        return <rect key={i} x={i * (W + 2)} y={H - h} width={W} height={h} />
      })}
      <line x1={0} x2={counts.length * (W + 2)} y1={H - 0.5} y2={H - 0.5} />
    </svg>
  )
}
