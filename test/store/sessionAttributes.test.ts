// A session's attributes are merged across writers, never replaced: the SDK's fields survive
// the collector's `source: 'otlp'` (a real collector over real HTTP), and large, compressed
// attribute sets merge the same way. Real stores on real files.
import { afterEach, describe, expect, it } from 'vitest'
import { startCollector } from '../../src/main/collector'
import { otlpJson } from '../../torture/lib/otlpBodies'
import { openTempStore, T0, type TempStore } from './storeTestUtils'

let t: TempStore
afterEach(async () => t.cleanup())

describe('session attributes', () => {
  it('merges a later write into what an earlier one stored; new keys win', async () => {
    t = openTempStore()
    await t.store.write({
      kind: 'session',
      id: 's',
      startTime: T0,
      attributes: { user: 'ana', tier: 1 },
    })
    await t.store.write({ kind: 'session', id: 's', attributes: { tier: 2, source: 'otlp' } })
    await t.store.write({ kind: 'session', id: 's', name: 'renamed' })
    expect(t.store.getSession('s')).toMatchObject({
      name: 'renamed',
      attributes: { user: 'ana', tier: 2, source: 'otlp' },
    })
  })

  it('merges compressed attribute sets', async () => {
    t = openTempStore()
    const prompt = 'p'.repeat(5000)
    await t.store.write({ kind: 'session', id: 's', startTime: T0, attributes: { prompt } })
    await t.store.write({ kind: 'session', id: 's', attributes: { more: 'q'.repeat(5000) } })
    const attrs = t.store.getSession('s')!.attributes
    expect(attrs.prompt).toBe(prompt)
    expect(attrs.more).toHaveLength(5000)
  })

  it("keeps the SDK's session attributes when the collector receives spans of that session", async () => {
    t = openTempStore()
    await t.store.write({
      kind: 'session',
      id: 'conv-1',
      startTime: T0,
      attributes: { user: 'ana' },
    })
    const collector = await startCollector({ store: t.store, port: 0 })
    try {
      const body = otlpJson('conv-1', [
        {
          traceId: 'ab'.repeat(16),
          spanId: 'cd'.repeat(8),
          name: 'chat',
          startMs: T0 + 10,
          endMs: T0 + 20,
        },
      ])
      const res = await fetch(`http://127.0.0.1:${collector.port}/v1/traces`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
      expect(res.status).toBe(200)
      await t.store.flush()
      const s = t.store.getSession('conv-1')!
      expect(s.spanCount).toBe(1)
      expect(s.attributes).toMatchObject({ user: 'ana', source: 'otlp' })
    } finally {
      await collector.close()
    }
  })
})
