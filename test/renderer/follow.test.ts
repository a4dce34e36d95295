import { describe, expect, it } from 'vitest'
import { isAtBottom, jumpToLive, onRowsArrived, onUserScroll } from '../../src/renderer/lib/follow'

describe('live follow', () => {
  it('stops following when the user scrolls away and counts what they miss', () => {
    expect(isAtBottom(880, 100, 1000)).toBe(true)
    expect(isAtBottom(500, 100, 1000)).toBe(false)
    let s = jumpToLive()
    s = onUserScroll(s, false)
    expect(s.following).toBe(false)
    s = onRowsArrived(s, 5)
    s = onRowsArrived(s, 2)
    expect(s.unseen).toBe(7)
    expect(onRowsArrived(jumpToLive(), 5)).toEqual({ following: true, unseen: 0 })
    expect(onUserScroll(s, true)).toEqual({ following: true, unseen: 0 })
  })
})
