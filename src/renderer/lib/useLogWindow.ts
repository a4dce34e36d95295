// The Logs tab's reads (LogsView.tsx): the session's newest lines up to MAX_LINES on opening, older
// pages read in at the top (and newest ones dropped) when the view asks, pages re-read at the
// bottom on the way back, and live lines while the newest page is held. One read at a time, in
// order; a new session or source filter makes the reads under way of no effect.
import { useCallback, useEffect, useRef, useState } from 'react'
import type { Session } from '../../shared/domain'
import { describeError } from '../state/apiRef'
import { MAX_LINES, readPage, readSince, type SourceFilter } from './logReader'
import {
  addLive,
  addNewer,
  addOlder,
  EMPTY_WINDOW,
  newerCursor,
  olderCursor,
  trimWindow,
  type LogWindow,
} from './logWindow'

/** a live read looks back this far: lines of another process may commit slightly out of order */
const LIVE_OVERLAP_MS = 2000

export interface LogWindowState {
  win: LogWindow
  status: 'loading' | 'ready' | 'error'
  error: string | null
  /** the first page for the current filter has not arrived yet */
  searching: boolean
  /** reading the newest lines after opening, or an older page */
  readingOlder: boolean
  /** the opening read is done: the window says what the session holds beyond it */
  settled: boolean
  older: () => void
  newer: () => void
}

export function useLogWindow(
  sourceId: string | null,
  sessionId: string,
  whereKey: string,
  attempt: number,
  session: Session | null,
): LogWindowState {
  const [win, setWin] = useState<LogWindow>(EMPTY_WINDOW)
  const [status, setStatus] = useState<'loading' | 'ready' | 'error'>('loading')
  const [error, setError] = useState<string | null>(null)
  const [searching, setSearching] = useState(false)
  const [readingOlder, setReadingOlder] = useState(false)
  const [settled, setSettled] = useState(false)
  const winRef = useRef(win)
  const gen = useRef(0)
  const queue = useRef<Promise<void>>(Promise.resolve())
  const loaded = useRef<string | null>(null)
  const paging = useRef(false)
  const liveQueued = useRef(false)
  /** the opening read is under way: it reads the older pages itself */
  const opening = useRef(false)

  const apply = (w: LogWindow): void => {
    winRef.current = w
    setWin(w)
  }
  /** runs `task` after the reads before it, unless the session or filter changed meanwhile */
  const enqueue = useCallback((task: (g: number) => Promise<void>): void => {
    const g = gen.current
    queue.current = queue.current.then(async () => {
      if (gen.current !== g) return
      try {
        await task(g)
      } catch (e) {
        if (gen.current !== g) return
        setError(describeError(e))
        setStatus('error')
      }
    })
  }, [])

  useEffect(() => {
    if (!sourceId) return
    gen.current += 1
    paging.current = false
    liveQueued.current = false
    const where = JSON.parse(whereKey) as SourceFilter
    // a new session (or a retry) shows "loading"; a new source filter keeps the toolbar in place
    const key = `${sourceId}|${sessionId}|${attempt}`
    if (loaded.current !== key) {
      loaded.current = key
      setStatus('loading')
      apply(EMPTY_WINDOW)
    }
    setSearching(true)
    setSettled(false)
    // the newest page shows at once; older pages slide in above it as they arrive
    opening.current = true
    enqueue(async (g) => {
      let w = EMPTY_WINDOW
      setReadingOlder(true)
      do {
        const page = await readPage(sourceId, sessionId, olderCursor(w), where)
        if (gen.current !== g) return
        w = addOlder(w, page.items, page.nextCursor)
        apply(w)
        setSearching(false)
        setStatus('ready')
      } while (!w.atOldest && w.lines.length < MAX_LINES)
      opening.current = false
      setReadingOlder(false)
      setSettled(true)
    })
  }, [sourceId, sessionId, attempt, whereKey, enqueue])

  // live: lines from a little before the newest one on, while the newest page is held
  useEffect(() => {
    if (!sourceId || status !== 'ready' || !session || liveQueued.current) return
    liveQueued.current = true
    const where = JSON.parse(whereKey) as SourceFilter
    enqueue(async (g) => {
      liveQueued.current = false
      const w = winRef.current
      if (w.first !== 0 || w.counts.length === 0) return
      const last = w.lines[w.lines.length - 1]
      try {
        const fresh = await readSince(
          sourceId,
          sessionId,
          last ? last.time - LIVE_OVERLAP_MS : undefined,
          where,
        )
        if (gen.current === g) apply(addLive(winRef.current, fresh))
      } catch {
        // the next live event reads again
      }
    })
  }, [session, sourceId, sessionId, status, whereKey, enqueue])

  const older = useCallback(() => {
    const w = winRef.current
    if (!sourceId || opening.current || paging.current || w.atOldest || w.counts.length === 0)
      return
    paging.current = true
    setReadingOlder(true)
    const where = JSON.parse(whereKey) as SourceFilter
    enqueue(async (g) => {
      try {
        const at = winRef.current
        const page = await readPage(sourceId, sessionId, olderCursor(at), where)
        if (gen.current !== g) return
        apply(trimWindow(addOlder(winRef.current, page.items, page.nextCursor), 'older', MAX_LINES))
      } finally {
        if (gen.current === g) {
          paging.current = false
          setReadingOlder(false)
        }
      }
    })
  }, [sourceId, sessionId, whereKey, enqueue])

  const newer = useCallback(() => {
    const w = winRef.current
    if (!sourceId || paging.current || w.first === 0) return
    paging.current = true
    const where = JSON.parse(whereKey) as SourceFilter
    enqueue(async (g) => {
      try {
        const at = winRef.current
        const cursor = newerCursor(at)
        // page 0 grew with the live lines since it was dropped: read every line after those held
        const items =
          cursor === undefined
            ? await readSince(sourceId, sessionId, at.lines[at.lines.length - 1]?.time, where)
            : (await readPage(sourceId, sessionId, cursor, where)).items
        if (gen.current !== g) return
        apply(trimWindow(addNewer(winRef.current, items), 'newer', MAX_LINES))
      } finally {
        if (gen.current === g) paging.current = false
      }
    })
  }, [sourceId, sessionId, whereKey, enqueue])

  return { win, status, error, searching, readingOlder, settled, older, newer }
}
