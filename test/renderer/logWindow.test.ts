// The Logs tab's window over a long session (logWindow.ts): pages read newest first with a keyset
// cursor, older ones added at the top and the newest dropped, re-read on the way back down.
// The pages come from a list paged the way events.list pages (newest first, cursor = where the
// last page stopped).
import { describe, expect, it } from 'vitest'
import type { TraceEvent } from '../../src/shared/domain'
import {
  addLive,
  addNewer,
  addOlder,
  EMPTY_WINDOW,
  hasNewer,
  newerCursor,
  olderCursor,
  trimWindow,
  type LogWindow,
} from '../../src/renderer/lib/logWindow'

const line = (i: number): TraceEvent => ({
  id: `l${i}`,
  sessionId: 's',
  spanId: null,
  agentId: null,
  time: 1000 + i,
  name: 'log',
  level: 'info',
  message: `line ${i}`,
  attributes: {},
})

/** a session of `n` lines paged `size` at a time, newest first */
function session(n: number, size: number) {
  const all = Array.from({ length: n }, (_, i) => line(i))
  return {
    all,
    page(cursor: string | null): { items: TraceEvent[]; next: string | null } {
      const below = cursor === null ? all.length : Number(cursor)
      const from = Math.max(0, below - size)
      return { items: all.slice(from, below).reverse(), next: from > 0 ? String(from) : null }
    },
    since(time: number): TraceEvent[] {
      return all.filter((l) => l.time >= time).reverse()
    },
  }
}

const ids = (w: LogWindow) => w.lines.map((l) => l.id)

describe('logWindow', () => {
  it('reaches every line of a session longer than it holds, and comes back to the newest', () => {
    const s = session(1000, 100)
    const MAX = 300
    let w = EMPTY_WINDOW
    // opening: the newest pages up to MAX
    do {
      const p = s.page(olderCursor(w))
      w = addOlder(w, p.items, p.next)
    } while (!w.atOldest && w.lines.length < MAX)
    expect(ids(w)).toEqual(s.all.slice(700).map((l) => l.id))
    expect(w.atOldest).toBe(false)
    // scrolling up: every line passes through the window, which never holds more than MAX
    const seen = new Set(w.lines.map((l) => l.id))
    while (!w.atOldest) {
      const p = s.page(olderCursor(w))
      w = trimWindow(addOlder(w, p.items, p.next), 'older', MAX)
      expect(w.lines.length).toBeLessThanOrEqual(MAX)
      expect(w.counts.reduce((a, b) => a + b, 0)).toBe(w.lines.length)
      for (const l of w.lines) seen.add(l.id)
    }
    expect(seen.size).toBe(1000)
    expect(ids(w)).toEqual(s.all.slice(0, 300).map((l) => l.id))
    expect(hasNewer(w)).toBe(true)
    // and back down: pages re-read from their cursors, the oldest dropped, contiguous throughout
    while (hasNewer(w)) {
      const c = newerCursor(w)
      const items = c === undefined ? s.since(w.lines[w.lines.length - 1].time) : s.page(c).items
      w = trimWindow(addNewer(w, items), 'newer', MAX)
      const first = Number(w.lines[0].id.slice(1))
      expect(ids(w)).toEqual(s.all.slice(first, first + w.lines.length).map((l) => l.id))
      expect(w.lines.length).toBeLessThanOrEqual(MAX)
    }
    expect(ids(w)).toEqual(s.all.slice(700).map((l) => l.id))
    expect(w.atOldest).toBe(false)
    expect(olderCursor(w)).toBe('700')
  })

  it('takes live lines only while the newest page is held', () => {
    const s = session(30, 10)
    let w = EMPTY_WINDOW
    for (let i = 0; i < 3; i++) {
      const p = s.page(olderCursor(w))
      w = addOlder(w, p.items, p.next)
    }
    expect(w.atOldest).toBe(true)
    w = addLive(w, [line(30), line(29)])
    expect(ids(w).slice(-2)).toEqual(['l29', 'l30'])
    expect(w.counts).toEqual([11, 10, 10])
    // the newest page dropped: live lines would leave a gap, so they wait for the way back
    const older = trimWindow(w, 'older', 20)
    expect(older.first).toBe(1)
    expect(ids(older).at(-1)).toBe('l19')
    expect(addLive(older, [line(31)])).toBe(older)
  })

  it('an empty session holds one empty page, so its first live lines are taken', () => {
    let w = addOlder(EMPTY_WINDOW, [], null)
    expect(w.atOldest).toBe(true)
    w = addLive(w, [line(0)])
    expect(ids(w)).toEqual(['l0'])
  })
})
