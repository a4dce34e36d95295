// The printed table: one line per figure, grouped by scenario, with a verdict column.
import type { Row, ScenarioResult } from './types'

const MARK: Record<Row['verdict'], string> = {
  pass: 'ok',
  fail: 'FAIL',
  finding: 'FINDING',
  info: '',
}

export function formatTable(results: ScenarioResult[]): string {
  const rows = results.flatMap((r) => r.rows)
  const cells = rows.map((row) => [
    row.scenario,
    row.case,
    row.figure,
    `${typeof row.value === 'number' ? formatNumber(row.value) : row.value}${row.unit ? ' ' + row.unit : ''}`,
    MARK[row.verdict],
  ])
  const head = ['scenario', 'case', 'figure', 'value', 'verdict']
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)))
  const line = (c: string[]) => '| ' + c.map((v, i) => v.padEnd(widths[i])).join(' | ') + ' |'
  const out = [line(head), '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|']
  for (const c of cells) out.push(line(c))
  return out.join('\n')
}

function formatNumber(n: number): string {
  if (Number.isInteger(n)) return n.toLocaleString('en-US')
  return n.toFixed(Math.abs(n) < 10 ? 2 : 1)
}

export function summary(results: ScenarioResult[]): string {
  const lines: string[] = []
  for (const r of results) {
    lines.push(
      `${r.name}: ${r.failures.length} failures, ${r.findings.length} findings, ${(r.ms / 1000).toFixed(1)} s`,
    )
    for (const f of r.failures.slice(0, 10)) lines.push(`  FAIL ${f}`)
    if (r.failures.length > 10) lines.push(`  … ${r.failures.length - 10} more`)
    for (const f of r.findings) lines.push(`  FINDING ${f}`)
  }
  return lines.join('\n')
}
