// Errors grouped by type and message, unresolved first. Messages differing only in numbers,
// ids or quoted values ("timeout after 3012ms" / "after 2990ms") fall into one group.
import type { TraceError } from '../../shared/domain'

export interface ErrorGroup {
  key: string
  type: string
  message: string
  count: number
  unresolved: number
  lastTime: number
  errors: TraceError[]
}

export function normalizeMessage(message: string): string {
  return message
    .replace(/"[^"]*"|'[^']*'/g, '"…"')
    .replace(/\b[0-9a-f]{8,}\b/gi, '#')
    .replace(/\d+(\.\d+)?/g, 'N')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 300)
}

export function groupErrors(errors: ReadonlyArray<TraceError>): ErrorGroup[] {
  const groups = new Map<string, ErrorGroup>()
  for (const e of errors) {
    const norm = normalizeMessage(e.message)
    const key = `${e.type}\u0000${norm}`
    let g = groups.get(key)
    if (!g) {
      g = {
        key,
        type: e.type,
        message: e.message,
        count: 0,
        unresolved: 0,
        lastTime: -Infinity,
        errors: [],
      }
      groups.set(key, g)
    }
    g.count++
    if (!e.resolved) g.unresolved++
    if (e.time > g.lastTime) g.lastTime = e.time
    g.errors.push(e)
  }
  const out = [...groups.values()]
  for (const g of out) g.errors.sort(unresolvedFirst)
  return out.sort(
    (a, b) =>
      Number(b.unresolved > 0) - Number(a.unresolved > 0) ||
      b.unresolved - a.unresolved ||
      b.lastTime - a.lastTime,
  )
}

export function unresolvedFirst(a: TraceError, b: TraceError): number {
  return Number(a.resolved) - Number(b.resolved) || b.time - a.time
}

/** Replaces one error (after resolve) in a list without touching the others. */
export function replaceError(list: ReadonlyArray<TraceError>, updated: TraceError): TraceError[] {
  return list.map((e) => (e.id === updated.id ? updated : e))
}
