import { describe, expect, it } from 'vitest'
import { jsonContains, jsonMatches, localFind, mergeFind } from '../../src/renderer/lib/sessionFind'
import { appendSpans, emptyTable } from '../../src/renderer/timeline/spanTable'
import type { SearchHit } from '../../src/shared/queries'
import { span } from './helpers'

const t = appendSpans(emptyTable(), [
  span('root', null, 0, 100, { name: 'swarm.run', agentId: 'planner' }),
  span('a', 'root', 10, 20, { name: 'tool.fetch', agentId: 'researcher' }),
  span('b', 'root', 30, 40, { name: 'llm.chat', agentId: 'researcher' }),
])
const hit = (type: SearchHit['type'], spanId: string | null, title: string, snippet: string) =>
  ({ type, sessionId: 's1', id: `${type}-${spanId}`, spanId, time: 0, title, snippet }) as SearchHit

describe('sessionFind', () => {
  it('matches names and agents locally, and an exact span id', () => {
    const m = localFind(t, 'RESEARCH')
    expect([...m.keys()]).toEqual([1, 2])
    expect([...m.get(1)!]).toEqual(['agent'])
    expect([...localFind(t, 'fetch').get(1)!]).toEqual(['name'])
    expect([...localFind(t, 'root').keys()]).toEqual([0])
    expect(localFind(t, '  ').size).toBe(0)
  })

  it('adds full-text hits on spans, keeps the rest and the session attributes as elsewhere', () => {
    const r = mergeFind(
      t,
      new Map(),
      [
        hit('span', 'root', 'swarm.run', 'swarm.run compare vector databases'),
        hit('error', 'b', 'SchemaError', 'vector mismatch'),
        hit('message', null, 'task', 'vector step'),
        hit('event', 'not-loaded', 'log', 'vector'),
      ],
      { region: 'vector-west', n: 3 },
      ['vector'],
      (i) => i,
    )
    expect(r.rows).toEqual([0, 2])
    expect([...r.places.get(0)!]).toEqual(['attributes'])
    expect([...r.places.get(2)!]).toEqual(['error'])
    expect(r.elsewhere.map((e) => [e.place, e.title])).toEqual([
      ['message', 'task'],
      ['event', 'log'],
      ['session', 'region'],
    ])
  })

  it('does not call a span hit an attribute match when only its name matched', () => {
    const local = localFind(t, 'fetch')
    const r = mergeFind(
      t,
      local,
      [hit('span', 'a', 'tool.fetch', 'tool.fetch')],
      null,
      ['fetch'],
      (i) => i,
    )
    expect([...r.places.get(1)!]).toEqual(['name'])
  })

  it('orders rows by the rank it is given', () => {
    const r = mergeFind(t, localFind(t, 'researcher'), [], null, ['researcher'], (i) => -i)
    expect(r.rows).toEqual([2, 1])
  })

  it('finds leaves and keys in JSON with their paths', () => {
    const v = { goal: 'compare vector dbs', nested: { list: ['x', 'Vector'] }, vectorCount: 2 }
    expect(jsonMatches(v, ['vector'])).toEqual([
      { path: 'goal', text: 'compare vector dbs' },
      { path: 'nested.list.1', text: 'Vector' },
      { path: 'vectorCount', text: '2' },
    ])
    expect(jsonContains(v.nested, ['vector'])).toBe(true)
    expect(jsonContains({ a: 1 }, ['vector'])).toBe(false)
    expect(jsonMatches(v, [])).toEqual([])
  })
})
