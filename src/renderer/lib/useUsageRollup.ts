// The open session's token and cost rollups (usage.rollup), shared by the tree, the span
// detail and the Agents tab: one request per session, span count and price table, whoever asks
// first.
import { useEffect, useState } from 'react'
import type { UsageRollup } from '../../shared/genai/usageRollup'
import type { UsageTotals } from '../../shared/genai/usageTotals'
import { api } from '../state/apiRef'
import { useAppStore } from '../state/store'

interface Entry {
  key: string
  promise: Promise<UsageRollup | null>
  value: UsageRollup | null
}

let last: Entry | null = null

function fetchRollup(
  sourceId: string,
  sessionId: string,
  spanCount: number,
  pricesVersion: number,
  pending: boolean,
): Entry {
  const key = `${sourceId}\u0000${sessionId}\u0000${spanCount}\u0000${pricesVersion}\u0000${pending}`
  if (last?.key === key) return last
  const entry: Entry = { key, value: null, promise: Promise.resolve(null) }
  entry.promise = api()
    .invoke('usage.rollup', { sourceId, sessionId })
    // tokens are an extra: a view is complete without them
    .catch(() => null)
    .then((r) => (entry.value = r))
  last = entry
  return entry
}

/** The session's rollups, null until they arrive (or when the source cannot give them). */
export function useUsageRollup(sessionId: string | null): UsageRollup | null {
  const sourceId = useAppStore((s) => s.sourceId)
  const spanCount = useAppStore((s) => s.session?.spanCount ?? 0)
  const pricesVersion = useAppStore((s) => s.pricesVersion)
  // a file only read: asked again once its first pass ended (the session's totals were "…")
  const pending = useAppStore((s) => s.session?.usagePending ?? false)
  const [rollup, setRollup] = useState<UsageRollup | null>(null)
  // the Σ of parent spans of a large file only read is added up in the background: asked again
  // each second until it is there
  const [retry, setRetry] = useState(0)
  useEffect(() => {
    if (!sourceId || !sessionId) return
    const entry = fetchRollup(sourceId, sessionId, spanCount, pricesVersion, pending)
    let stale = false
    let timer: ReturnType<typeof setTimeout> | undefined
    const got = (r: UsageRollup | null) => {
      if (stale) return
      setRollup(r)
      if (r?.subtreePending)
        timer = setTimeout(() => {
          if (last === entry) last = null
          setRetry((n) => n + 1)
        }, 1000)
    }
    if (entry.value) got(entry.value)
    else void entry.promise.then(got)
    return () => {
      stale = true
      clearTimeout(timer)
    }
  }, [sourceId, sessionId, spanCount, pricesVersion, pending, retry])
  return rollup
}

/** Span id → Σ of its subtree, for the spans that have LLM calls below them. */
export function subtreeIndex(r: UsageRollup | null): Map<string, UsageTotals> {
  return new Map(r?.subtree.map((s) => [s.spanId, s.usage]) ?? [])
}
