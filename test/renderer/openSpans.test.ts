// Where an open span's bar ends: "now" while its session runs, the session's last activity
// once the session ended or went quiet (the one rule, shared/sessionStatusRule.ts).
import { describe, expect, it } from 'vitest'
import { openSpanView } from '../../src/renderer/timeline/openSpans'
import { DEFAULT_QUIET_MS, openSpanState } from '../../src/shared/sessionStatusRule'

const NOW = 1_700_000_000_000

describe('openSpanState (shared rule)', () => {
  it('is running while the session runs and wrote within the quiet time', () => {
    expect(openSpanState({ status: 'running', lastActivity: NOW - 1000 }, NOW, 5000)).toBe(
      'running',
    )
    expect(openSpanState({ status: 'unknown', lastActivity: null }, NOW, 5000)).toBe('running')
  })
  it('never ended once the session is quiet past the quiet time, or ended', () => {
    expect(openSpanState({ status: 'running', lastActivity: NOW - 5000 }, NOW, 5000)).toBe(
      'never-ended',
    )
    expect(openSpanState({ status: 'completed', lastActivity: NOW }, NOW, 5000)).toBe('never-ended')
    expect(openSpanState({ status: 'failed', lastActivity: NOW }, NOW, 5000)).toBe('never-ended')
  })
  it('defaults to the quiet time of the environment (5 minutes unset)', () => {
    const s = { status: 'running' as const, lastActivity: NOW - DEFAULT_QUIET_MS + 1 }
    expect(openSpanState(s, NOW)).toBe('running')
    expect(openSpanState(s, NOW + 1)).toBe('never-ended')
  })
})

describe('openSpanView', () => {
  it('reaches now while running', () => {
    expect(openSpanView({ status: 'running', lastActivity: NOW - 10 }, NOW, 1000)).toEqual({
      state: 'running',
      end: NOW,
    })
    expect(openSpanView(null, NOW)).toEqual({ state: 'running', end: NOW })
  })
  it('stops at the last activity once never ended', () => {
    expect(openSpanView({ status: 'running', lastActivity: NOW - 2000 }, NOW, 1000)).toEqual({
      state: 'never-ended',
      end: NOW - 2000,
    })
    expect(openSpanView({ status: 'completed', lastActivity: null }, NOW, 1000)).toEqual({
      state: 'never-ended',
      end: -Infinity,
    })
  })
})
