// The duration row of the span detail, read from the live span table rather than the detail
// fetched on selection: a span that ends in another process, or goes on running, or never ends,
// says so here without a reload. "Never ended" is written out, not shown by colour alone.
import { useAppStore } from '../state/store'
import { formatDuration } from '../lib/format'
import { openSpanView } from '../timeline/openSpans'
import './live.css'

export function SpanRunState({
  spanId,
  fallbackEnd,
}: {
  spanId: string
  fallbackEnd: number | null
}) {
  const row = useAppStore((s) => s.table.indexOf.get(spanId))
  const start = useAppStore((s) => (row === undefined ? NaN : s.table.start[row]))
  const tableEnd = useAppStore((s) => (row === undefined ? NaN : s.table.end[row]))
  const status = useAppStore((s) => s.session?.status ?? 'unknown')
  const lastActivity = useAppStore((s) => s.session?.lastActivity ?? null)
  const quietMs = useAppStore((s) => s.appInfo?.quietMs)
  // the timeline moves running spans on a few times a second: re-render with it
  useAppStore((s) => s.bounds.end)
  const end = row === undefined ? (fallbackEnd ?? NaN) : tableEnd
  if (!Number.isNaN(end)) return <>{formatDuration(end - start)}</>
  const now = Date.now()
  const open = openSpanView({ status, lastActivity }, now, quietMs)
  if (open.state === 'running')
    return (
      <span data-testid="detail-open-state" data-state="running">
        running · {formatDuration(now - start)} so far
      </span>
    )
  const why =
    status === 'completed' || status === 'failed'
      ? `the session ${status} without ending it`
      : `nothing written to the session for ${formatDuration(now - (lastActivity ?? now))}`
  return (
    <span data-testid="detail-open-state" data-state="never-ended" className="never-ended">
      ⚠ never ended — no end time was written; {why}
    </span>
  )
}
