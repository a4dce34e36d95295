// `tracescope diff` for people (an 80-column terminal) and for scripts (--json).
import type { Session } from '../shared/domain'
import type { Compared, RunDiff, StepDiff } from '../shared/compare/runDiff'
import { formatTokens, formatUsd } from '../shared/genai/formatUsage'
import { formatDuration, table } from './format'
import { stepLabel } from '../shared/compare/stepKind'

export const WIDTH = 80

function signed(n: number | null, fmt: (v: number) => string): string {
  if (n === null) return '—'
  if (n === 0) return '0'
  return `${n > 0 ? '+' : '-'}${fmt(Math.abs(n))}`
}

/** Keeps the end of a path (its most specific part) within `max` characters. */
export function tailFit(s: string, max: number): string {
  return s.length <= max ? s : `…${s.slice(s.length - max + 1)}`
}

function summaryRows(d: RunDiff): string[][] {
  const row = (label: string, c: Compared, fmt: (v: number) => string): string[] => [
    label,
    c.a === null ? '—' : fmt(c.a),
    c.b === null ? '—' : fmt(c.b),
    signed(c.delta, fmt),
  ]
  const n = (v: number): string => v.toLocaleString('en')
  return [
    row('duration', d.summary.durationMs, formatDuration),
    row('tokens', d.summary.tokens, formatTokens),
    row('cost', d.summary.costUsd, formatUsd),
    // failed spans, not the session's error records (the sessions list's count)
    row('failed spans', d.summary.errors, n),
    row('spans', d.summary.spans, n),
  ]
}

function sideLabel(tag: string, s: Session): string {
  return `${tag}  ${s.id}${s.name && s.name !== s.id ? ` — ${s.name}` : ''}`
}

/** The summary, then the `limit` steps with most impact, each line within WIDTH columns. */
export function diffText(
  a: Session,
  b: Session,
  d: RunDiff,
  ranked: StepDiff[],
  limit: number,
): string {
  const out: string[] = [tailFit(sideLabel('A', a), WIDTH), tailFit(sideLabel('B', b), WIDTH), '']
  out.push(table(['', 'A', 'B', 'B − A'], summaryRows(d)).trimEnd())
  const c = d.summary.steps
  out.push(`steps: ${c.changed} changed, ${c.added} added, ${c.removed} removed, ${c.same} same`)
  if (!ranked.length) {
    out.push('', 'no differences in structure, status, timing, tokens or attributes')
    return out.join('\n') + '\n'
  }
  const shown = ranked.slice(0, limit)
  const rows = shown.map((s) => [
    stepLabel(s),
    formatDuration(s.a?.durationMs),
    formatDuration(s.b?.durationMs),
    signed(s.durationDeltaMs, formatDuration),
    s.path,
  ])
  // every column but the path is short; the path gets what is left of the line
  const fixed = ['CHANGE', 'A', 'B', 'Δ'].map((h, i) =>
    Math.max(h.length, ...rows.map((r) => r[i].length)),
  )
  const room = Math.max(16, WIDTH - fixed.reduce((x, y) => x + y + 2, 0))
  for (const r of rows) r[4] = tailFit(r[4], room)
  out.push('', table(['CHANGE', 'A', 'B', 'Δ', 'STEP'], rows).trimEnd())
  for (const s of shown.filter((x) => x.statusChanged && x.b?.statusMessage).slice(0, 5))
    out.push(tailFit(`  ${s.name}: ${s.b!.statusMessage!.replace(/\s+/g, ' ')}`, WIDTH))
  if (ranked.length > shown.length)
    out.push(
      `(${ranked.length - shown.length} more steps differ; --limit n shows more, --json all)`,
    )
  return out.join('\n') + '\n'
}
