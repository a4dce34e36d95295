// Polls every open source's change token (PRAGMA data_version and friends, ~µs a call) and
// reports the ones that moved. This catches writes by other processes too, which is what
// live-tailing another tool's `.db` needs. No read transaction is held between polls.
import type { SourceHost } from './sourceHost'

export const POLL_INTERVAL_MS = 100

export function startChangePoller(
  host: SourceHost,
  onChange: (sourceId: string, token: number) => void,
  intervalMs = POLL_INTERVAL_MS,
): () => void {
  const last = new Map<string, number>()
  const timer = setInterval(() => {
    const seen = new Set<string>()
    for (const [id, token] of host.tokens()) {
      seen.add(id)
      const before = last.get(id) ?? host.openToken(id)
      last.set(id, token)
      if (before !== undefined && before !== token) onChange(id, token)
    }
    for (const id of last.keys()) if (!seen.has(id)) last.delete(id)
  }, intervalMs)
  timer.unref()
  return () => clearInterval(timer)
}
