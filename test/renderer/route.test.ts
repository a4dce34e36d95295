import { describe, expect, it } from 'vitest'
import { formatRoute, parseRoute } from '../../src/renderer/lib/route'

describe('routes', () => {
  it('round-trips every view through the hash', () => {
    const routes = [
      { view: 'sessions' },
      { view: 'errors' },
      { view: 'agents' },
      { view: 'tables', table: 'my table' },
      { view: 'session', sessionId: 'run/1 ?', tab: 'flame', spanId: 'ab12' },
      { view: 'session', sessionId: 'x', tab: 'timeline', spanId: null },
      { view: 'compare', a: 'run/41', b: 'run 42' },
      { view: 'compare', a: 'run-41', b: null },
      { view: 'compare', a: null, b: 'run-42' },
      { view: 'compare', a: null, b: null },
      { view: 'stats', groupBy: 'workflow', sessionId: null },
      { view: 'stats', groupBy: 'window', sessionId: 'run/41' },
    ] as const
    for (const r of routes) expect(parseRoute(formatRoute(r))).toEqual(r)
  })

  it('falls back to the sessions list on nonsense', () => {
    expect(parseRoute('#/nowhere')).toEqual({ view: 'sessions' })
    expect(parseRoute('#/session/')).toEqual({ view: 'sessions' })
    expect(parseRoute('#/session/x/bogus')).toMatchObject({ tab: 'timeline' })
    expect(parseRoute('#/session/%E0%A4%A')).toMatchObject({ sessionId: '%E0%A4%A' })
  })
})
