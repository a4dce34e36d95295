import { describe, expect, it } from 'vitest'
import { backoffMs, outcomeOf, retryAfterMs } from '../../src/main/forward/retryPolicy'

describe('retryPolicy', () => {
  it('doubles from 250 ms and never waits more than 5 s (+20 % jitter) between attempts', () => {
    const mid = () => 0.5 // no jitter
    expect([1, 2, 3, 4, 5, 6, 7, 30].map((n) => backoffMs(n, mid))).toEqual([
      250, 500, 1000, 2000, 4000, 5000, 5000, 5000,
    ])
    expect(backoffMs(50, () => 1)).toBe(6000)
    expect(backoffMs(1, () => 0)).toBe(200)
  })

  it('reads Retry-After as seconds or as an HTTP date, capped at 5 minutes', () => {
    const now = Date.UTC(2026, 0, 1, 12, 0, 0)
    expect(retryAfterMs('3')).toBe(3000)
    expect(retryAfterMs(' 0 ')).toBe(0)
    expect(retryAfterMs('Thu, 01 Jan 2026 12:00:07 GMT', now)).toBe(7000)
    expect(retryAfterMs('Thu, 01 Jan 2026 11:00:00 GMT', now)).toBe(0)
    expect(retryAfterMs('999999')).toBe(300_000)
    expect(retryAfterMs('soon')).toBeNull()
    expect(retryAfterMs(null)).toBeNull()
  })

  it('retries no answer, 408, 429 and 5xx but 501; refuses other 4xx for good', () => {
    expect(
      [null, 200, 204, 400, 401, 403, 404, 408, 413, 429, 500, 501, 502, 503, 504].map(outcomeOf),
    ).toEqual([
      'retry',
      'done',
      'done',
      'reject',
      'reject',
      'reject',
      'reject',
      'retry',
      'reject',
      'retry',
      'retry',
      'reject',
      'retry',
      'retry',
      'retry',
    ])
  })
})
