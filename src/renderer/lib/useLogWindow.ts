// The Logs tab's reads (LogsView.tsx): the session's newest (or, after "jump to oldest", oldest)
// lines up to MAX_LINES on opening, further pages read in at the end scrolled to (and pages at
// the other end dropped) when the view asks, pages re-read on the way back, and live lines while
// the newest line is held. One read at a time, in order; a new session, end or source filter
// makes the reads under way of no effect.
import { useCallback, useEffect, useRef, useState } from 'react'
import type { Session } from '../../shared/domain'
import { describeError } from '../state/apiRef'
import { MAX_LINES, readPage, readSince, type SourceFilter } from './logReader'
import {
  addFar,
  addLive,
  addNear,
  emptyWindow,
  farCursor,
  holdsNewest,
  nearCursor,
  trimWindow,
  type LogWindow,
  type WindowEnd,
} from './logWindow'

/** a live read looks back this far: lines of another process may commit slightly out of order */
const LIVE_OVERLAP_MS = 2000

export interface LogWindowState {
  win: LogWindow
  status: 'loading' | 'ready' | 'error'
  error: string | null
  /** the first page for the current filter has not arrived yet */
  searching: boolean
  /** reading the lines held after opening, or an older page */
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
  from: WindowEnd = 'newest',
  /** changes to read `from` that end again (a jump back to the newest lines) */
  jumps = 0,
): LogWindowState {
  const [win, setWin] = useState<LogWindow>(() => emptyWindow(from))
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
      apply(emptyWindow(from))
    }
    setSearching(true)
    setSettled(false)
    // the first page shows at once; further pages slide in above (or below) it as they arrive
    opening.current = true
    enqueue(async (g) => {
      let w = emptyWindow(from)
      setReadingOlder(true)
      do {
        const page = await readPage(sourceId, sessionId, farCursor(w), where, from)
        if (gen.current !== g) return
        w = addFar(w, page.items, page.nextCursor)
        apply(w)
        setSearching(false)
        setStatus('ready')
      } while (!w.atFar && w.lines.length < MAX_LINES)
      opening.current = false
      setReadingOlder(false)
      setSettled(true)
    })
  }, [sourceId, sessionId, attempt, whereKey, from, jumps, enqueue])

  // live: lines from a little before the newest one on, while the newest line is held
  useEffect(() => {
    if (!sourceId || status !== 'ready' || !session || liveQueued.current) return
    liveQueued.current = true
    const where = JSON.parse(whereKey) as SourceFilter
    enqueue(async (g) => {
      liveQueued.current = false
      const w = winRef.current
      if (!holdsNewest(w)) return
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

  /** the page beyond the farthest held read in, the nearest dropped if the window is full */
  const far = useCallback(() => {
    const w = winRef.current
    if (!sourceId || opening.current || paging.current || w.atFar || w.counts.length === 0) return
    paging.current = true
    const fromEnd = w.from
    if (fromEnd === 'newest') setReadingOlder(true)
    const where = JSON.parse(whereKey) as SourceFilter
    enqueue(async (g) => {
      try {
        const at = winRef.current
        if (at.from !== fromEnd) return
        const page = await readPage(sourceId, sessionId, farCursor(at), where, fromEnd)
        if (gen.current !== g) return
        apply(trimWindow(addFar(winRef.current, page.items, page.nextCursor), 'far', MAX_LINES))
      } finally {
        if (gen.current === g) {
          paging.current = false
          setReadingOlder(false)
        }
      }
    })
  }, [sourceId, sessionId, whereKey, enqueue])

  /** the page nearer than those held re-read, the farthest dropped if the window is full */
  const near = useCallback(() => {
    const w = winRef.current
    if (!sourceId || opening.current || paging.current || w.first === 0) return
    paging.current = true
    const fromEnd = w.from
    if (fromEnd === 'oldest') setReadingOlder(true)
    const where = JSON.parse(whereKey) as SourceFilter
    enqueue(async (g) => {
      try {
        const at = winRef.current
        if (at.from !== fromEnd) return
        const cursor = nearCursor(at)
        // the newest page grew with the live lines since it was dropped: every line after those held
        const items =
          cursor === undefined
            ? await readSince(sourceId, sessionId, at.lines[at.lines.length - 1]?.time, where)
            : (await readPage(sourceId, sessionId, cursor, where, fromEnd)).items
        if (gen.current !== g) return
        apply(trimWindow(addNear(winRef.current, items), 'near', MAX_LINES))
      } finally {
        if (gen.current === g) {
          paging.current = false
          setReadingOlder(false)
        }
      }
    })
  }, [sourceId, sessionId, whereKey, enqueue])

  const older = from === 'newest' ? far : near
  const newer = from === 'newest' ? near : far

  return { win, status, error, searching, readingOlder, settled, older, newer }
}
