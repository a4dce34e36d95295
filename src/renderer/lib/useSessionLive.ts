// The LIVE badge, decided in the renderer by the one rule (shared/sessionStatusRule.ts) with the
// app's quiet time. The `live` flag the server sent is a snapshot: a session that goes quiet
// writes nothing, so no event would ever take its badge away. This hook re-renders at the moment
// the session goes quiet, so the badge, the status and the open spans turn together.
import { useEffect, useReducer } from 'react'
import type { Session } from '../../shared/domain'
import { DEFAULT_QUIET_MS, liveUntil, sessionIsLive } from '../../shared/sessionStatusRule'
import { useAppStore } from '../state/store'

type LiveFields = Pick<Session, 'status' | 'endTime' | 'lastActivity'>

export function useSessionLive(session: LiveFields | null | undefined): boolean {
  const quietMs = useAppStore((s) => s.appInfo?.quietMs) ?? DEFAULT_QUIET_MS
  const [, tick] = useReducer((n: number) => n + 1, 0)
  const now = Date.now()
  const live = session ? sessionIsLive(session, now, quietMs) : false
  const until = live && session ? liveUntil(session, quietMs) : null
  useEffect(() => {
    if (until === null) return
    // +1: the rule says quiet from lastActivity + quietMs on; wake just after it
    const t = setTimeout(tick, Math.max(0, until - Date.now()) + 1)
    return () => clearTimeout(t)
  }, [until])
  return live
}
