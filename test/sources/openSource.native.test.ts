// The native store goes through openSource: detected by its header mark, served by openStore read-only.
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openSource } from '../../src/main/sources/openSource'
import { openStore } from '../../src/main/store/traceStore'
import { tempDir } from '../fixtures/seedWriters'

const { dir, cleanup } = tempDir('ts-native-')
afterAll(cleanup)

describe('native store through openSource', () => {
  it('is detected by its header mark and served by openStore read-only', async () => {
    const file = path.join(dir, 'native.db')
    const store = openStore(file)
    const t0 = Date.UTC(2025, 5, 1, 10)
    await store.write([
      { kind: 'session', id: 'native-1', name: 'Native run' },
      {
        kind: 'span',
        sessionId: 'native-1',
        spanId: 'root',
        name: 'plan',
        startTime: t0,
        endTime: t0 + 50,
      },
      {
        kind: 'span',
        sessionId: 'native-1',
        spanId: 'kid',
        parentSpanId: 'root',
        name: 'call',
        startTime: t0 + 5,
        endTime: t0 + 20,
      },
    ])
    await store.close()
    const src = openSource(file)
    try {
      expect(src.kind).toBe('tracescope')
      expect(src.detection.reason).toMatch(/Tracescope store/)
      expect(src.queries.listSessions({}).items.map((s) => s.id)).toEqual(['native-1'])
      expect(
        src.queries
          .listSpans({ sessionId: 'native-1' })
          .items.map((s) => s.spanId)
          .sort(),
      ).toEqual(['kid', 'root'])
    } finally {
      src.close()
    }
  })
})
