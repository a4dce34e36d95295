// The Logs tab's window over a long session (logWindow.ts): pages read from the newest (or, after
// "jump to oldest", the oldest) end with a keyset cursor, further ones added and the nearest
// dropped, re-read on the way back. The pages come from a list paged the way events.list pages
// (newest first, or oldest first with oldestFirst; cursor = where the last page stopped).
import { describe, expect, it } from 'vitest'
import type { TraceEvent } from '../../src/shared/domain'
import {
  addFar,
  addLive,
  addNear,
  EMPTY_WINDOW,
  emptyWindow,
  farCursor,
  holdsNewest,
  holdsOldest,
  nearCursor,
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
    /** oldest first: the cursor is the index of the first line not yet read */
    pageUp(cursor: string | null): { items: TraceEvent[]; next: string | null } {
      const from = cursor === null ? 0 : Number(cursor)
      const to = Math.min(all.length, from + size)
      return { items: all.slice(from, to), next: to < all.length ? String(to) : null }
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
      const p = s.page(farCursor(w))
      w = addFar(w, p.items, p.next)
    } while (!w.atFar && w.lines.length < MAX)
    expect(ids(w)).toEqual(s.all.slice(700).map((l) => l.id))
    expect(w.atFar).toBe(false)
    // scrolling up: every line passes through the window, which never holds more than MAX
    const seen = new Set(w.lines.map((l) => l.id))
    while (!w.atFar) {
      const p = s.page(farCursor(w))
      w = trimWindow(addFar(w, p.items, p.next), 'far', MAX)
      expect(w.lines.length).toBeLessThanOrEqual(MAX)
      expect(w.counts.reduce((a, b) => a + b, 0)).toBe(w.lines.length)
      for (const l of w.lines) seen.add(l.id)
    }
    expect(seen.size).toBe(1000)
    expect(ids(w)).toEqual(s.all.slice(0, 300).map((l) => l.id))
    expect(!holdsNewest(w)).toBe(true)
    // and back down: pages re-read from their cursors, the oldest dropped, contiguous throughout
    while (!holdsNewest(w)) {
      const c = nearCursor(w)
      const items = c === undefined ? s.since(w.lines[w.lines.length - 1].time) : s.page(c).items
      w = trimWindow(addNear(w, items), 'near', MAX)
      const first = Number(w.lines[0].id.slice(1))
      expect(ids(w)).toEqual(s.all.slice(first, first + w.lines.length).map((l) => l.id))
      expect(w.lines.length).toBeLessThanOrEqual(MAX)
    }
    expect(ids(w)).toEqual(s.all.slice(700).map((l) => l.id))
    expect(w.atFar).toBe(false)
    expect(farCursor(w)).toBe('700')
  })

  it('takes live lines only while the newest page is held', () => {
    const s = session(30, 10)
    let w = EMPTY_WINDOW
    for (let i = 0; i < 3; i++) {
      const p = s.page(farCursor(w))
      w = addFar(w, p.items, p.next)
    }
    expect(w.atFar).toBe(true)
    w = addLive(w, [line(30), line(29)])
    expect(ids(w).slice(-2)).toEqual(['l29', 'l30'])
    expect(w.counts).toEqual([11, 10, 10])
    // the newest page dropped: live lines would leave a gap, so they wait for the way back
    const older = trimWindow(w, 'far', 20)
    expect(older.first).toBe(1)
    expect(ids(older).at(-1)).toBe('l19')
    expect(addLive(older, [line(31)])).toBe(older)
  })

  it('jumps to the oldest lines of a long session, reads on to the newest, and takes live lines there', () => {
    const s = session(1000, 100)
    const MAX = 300
    let w = emptyWindow('oldest')
    do {
      const p = s.pageUp(farCursor(w))
      w = addFar(w, p.items, p.next)
    } while (!w.atFar && w.lines.length < MAX)
    expect(ids(w)).toEqual(s.all.slice(0, 300).map((l) => l.id))
    expect(holdsOldest(w)).toBe(true)
    expect(holdsNewest(w)).toBe(false)
    // live lines wait: the newest line is not held
    expect(addLive(w, [line(1000)])).toBe(w)
    // scrolling down: newer pages added at the bottom, the oldest dropped
    while (!w.atFar) {
      const p = s.pageUp(farCursor(w))
      w = trimWindow(addFar(w, p.items, p.next), 'far', MAX)
      const first = Number(w.lines[0].id.slice(1))
      expect(ids(w)).toEqual(s.all.slice(first, first + w.lines.length).map((l) => l.id))
      expect(w.lines.length).toBeLessThanOrEqual(MAX)
    }
    expect(ids(w)).toEqual(s.all.slice(700).map((l) => l.id))
    expect(holdsNewest(w)).toBe(true)
    expect(holdsOldest(w)).toBe(false)
    // the newest line held: live lines join the bottom page
    w = addLive(w, [line(1000)])
    expect(ids(w).at(-1)).toBe('l1000')
    expect(w.counts.reduce((a, b) => a + b, 0)).toBe(w.lines.length)
    // and back up: pages re-read from their cursors, the newest dropped
    while (!holdsOldest(w)) {
      const c = nearCursor(w)
      expect(c).not.toBeUndefined()
      w = trimWindow(addNear(w, s.pageUp(c ?? null).items), 'near', MAX)
      const first = Number(w.lines[0].id.slice(1))
      expect(ids(w)).toEqual(s.all.slice(first, first + w.lines.length).map((l) => l.id))
    }
    expect(ids(w)).toEqual(s.all.slice(0, 300).map((l) => l.id))
  })

  it('an empty session holds one empty page, so its first live lines are taken', () => {
    let w = addFar(EMPTY_WINDOW, [], null)
    expect(w.atFar).toBe(true)
    w = addLive(w, [line(0)])
    expect(ids(w)).toEqual(['l0'])
  })
})
