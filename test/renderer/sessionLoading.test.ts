import { describe, expect, it } from 'vitest'
import {
  deriveDue,
  FIRST_PAGE,
  FULL_RESYNC_MS,
  fullResyncDue,
  initialLiveState,
  LIVE_LOOKBACK_MS,
  liveSince,
  missedByLoad,
  onFullResync,
  onLiveEvent,
  onLiveReadDone,
  onLoadEnd,
  onLoadStart,
  PAGE,
  pageLimit,
} from '../../src/renderer/timeline/sessionLoading'
import { appendSpans, emptyTable } from '../../src/renderer/timeline/spanTable'
import { MAX_COLUMNS_PAGE } from '../../src/shared/queries'
import { span } from './helpers'

describe('pages', () => {
  it('starts a full load small and goes on with the biggest pages; live reads are all big', () => {
    expect(pageLimit(true, undefined)).toBe(FIRST_PAGE)
    expect(pageLimit(false, undefined)).toBe(PAGE)
    expect(pageLimit(true, 1000)).toBe(PAGE)
    expect(PAGE).toBe(MAX_COLUMNS_PAGE)
  })

  it('rebuilds the tree on the first and last page, else after 500 ms or six times its cost', () => {
    expect(deriveDue(false, 100, 0, 0, 1000, 0)).toBe(true)
    expect(deriveDue(true, 101, 100, 50, 1001, 1000)).toBe(true)
    expect(deriveDue(false, 500, 100, 10, 51_000, 1000)).toBe(false)
    expect(deriveDue(false, 601, 100, 10, 51_000, 1000)).toBe(true)
    // a derive of 200 ms waits 1.2 s
    expect(deriveDue(false, 1200, 100, 200, 51_000, 1000)).toBe(false)
    expect(deriveDue(false, 1301, 100, 200, 51_000, 1000)).toBe(true)
  })

  it('rebuilds during a load only once the spans have grown fourfold since the last one', () => {
    expect(deriveDue(false, 5000, 100, 10, 399_999, 100_000)).toBe(false)
    expect(deriveDue(false, 5000, 100, 10, 400_000, 100_000)).toBe(true)
    // the last page rebuilds whatever came since
    expect(deriveDue(true, 101, 100, 10, 100_001, 100_000)).toBe(true)
  })
})

describe('live reads', () => {
  it('reads from a little before the latest start, or from the earliest open leaf', () => {
    expect(liveSince(emptyTable(1))).toBeUndefined()
    const ended = appendSpans(emptyTable(4), [span('a', null, 0, 10), span('b', 'a', 5000, 6000)])
    expect(liveSince(ended)).toBe(5000 - LIVE_LOOKBACK_MS)
    const open = appendSpans(emptyTable(4), [
      span('root', null, 0, null),
      span('leaf', 'root', 100, null),
      span('late', 'root', 9000, 9500),
    ])
    expect(liveSince(open)).toBe(100)
  })

  it('notes events during the first load and reads once after it if the count differs', () => {
    let s = onLoadStart(initialLiveState())
    let e = onLiveEvent(s, 10)
    expect(e.read).toBe(false)
    e = onLiveEvent(e.next, 12)
    s = onLoadEnd(e.next)
    expect(missedByLoad(s, 12)).toBeNull()
    expect(missedByLoad(s, 11)).toBe(12)
    expect(onLiveEvent(s, 13).read).toBe(true)
    // a load with no event meanwhile misses nothing
    expect(missedByLoad(onLoadEnd(onLoadStart(s)), 5)).toBeNull()
  })

  it('runs one read at a time, and one more after it when events came meanwhile', () => {
    const first = onLiveEvent(initialLiveState(), 1)
    expect(first.read).toBe(true)
    const second = onLiveEvent(first.next, 2)
    expect(second.read).toBe(false)
    const third = onLiveEvent(second.next, 3)
    expect(third.read).toBe(false)
    const done = onLiveReadDone(third.next, true)
    expect(done.again).toBe(true)
    expect(done.next).toMatchObject({ busy: false, pending: false })
    // the again read ends with nothing pending
    const again = onLiveEvent(done.next, 3)
    expect(onLiveReadDone(again.next, true).again).toBe(false)
  })

  it('keeps a pending event for the next read when the session changed meanwhile', () => {
    const busy = onLiveEvent(onLiveEvent(initialLiveState(), 1).next, 2).next
    const done = onLiveReadDone(busy, false)
    expect(done.again).toBe(false)
    expect(done.next).toMatchObject({ busy: false, pending: true })
    // a new session's load keeps a read still running: reads never overlap
    const reopened = onLoadStart(onLiveEvent(initialLiveState(), 1).next)
    expect(reopened.busy).toBe(true)
    expect(onLiveEvent(onLoadEnd(reopened), 4).read).toBe(false)
  })

  it('re-reads everything when counts disagree, at most every FULL_RESYNC_MS', () => {
    let s = initialLiveState()
    expect(fullResyncDue(s, 10, 10, 60_000)).toBe(false)
    expect(fullResyncDue(s, 9, 10, 60_000)).toBe(true)
    s = onFullResync(s, 60_000)
    expect(fullResyncDue(s, 9, 10, 60_000 + FULL_RESYNC_MS)).toBe(false)
    expect(fullResyncDue(s, 9, 10, 60_001 + FULL_RESYNC_MS)).toBe(true)
  })
})
