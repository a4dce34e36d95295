// `tracescope stats --group-by …`: grouped span statistics as a table that fits 80 columns, or
// one JSON document.
import type { GroupStats } from '../shared/stats/groupStats'
import { formatTokens, formatUsd } from '../shared/genai/formatUsage'
import { count, formatDuration, table, truncate } from './format'

const pct = (r: number): string => `${(r * 100).toFixed(r > 0 && r < 0.001 ? 2 : 1)}%`

/** COUNT, ERR %, P50/P95/P99, SELF, TOKENS, COST per group; the key column gets what is left. */
export function groupedStatsText(
  groupBy: string,
  spans: number,
  groups: GroupStats[],
  limit: number,
): string {
  const shown = groups.slice(0, limit)
  const rows = shown.map((g) => [
    g.key,
    g.count.toLocaleString('en'),
    pct(g.errorRate),
    formatDuration(g.p50Ms),
    formatDuration(g.p95Ms),
    formatDuration(g.p99Ms),
    formatDuration(g.selfMs),
    formatTokens(g.tokens),
    formatUsd(g.costUsd),
  ])
  const header = [
    groupBy.toUpperCase(),
    'COUNT',
    'ERR',
    'P50',
    'P95',
    'P99',
    'SELF',
    'TOKENS',
    'COST',
  ]
  const fixed = header
    .slice(1)
    .map((h, i) => Math.max(h.length, ...rows.map((r) => r[i + 1].length)))
    .reduce((a, w) => a + w + 2, 0)
  const room = Math.max(12, 80 - fixed)
  for (const r of rows) r[0] = truncate(r[0], room)
  let out = `${count(spans, 'span')} in ${count(groups.length, 'group')} by ${groupBy}\n\n`
  out += rows.length ? table(header, rows) : '(no spans)\n'
  if (groups.length > shown.length)
    out += `(${groups.length - shown.length} more groups; --limit n shows more, --json all)\n`
  return out
}
