// A session's header follows its spans when the source's own times contradict them: a flujo run
// recorded at 10:00:00 for 5 minutes whose spans ran at 02:23:20 for 20 s (literal values in
// test/fixtures/realShapedSamples.ts); the recorded times stay in the session's attributes.
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openSource } from '../../src/main/sources/openSource'
import { reconcileSessionTimes } from '../../src/shared/sessionTimes'
import type { Session } from '../../src/shared/domain'
import { tempDir } from '../fixtures/seedWriters'
import { FLUJO_SAMPLE, writeFlujoSample } from '../fixtures/realShapedSamples'

const { dir, cleanup } = tempDir('ts-session-times-')
afterAll(() => cleanup())

describe('session times', () => {
  it('a flujo run whose runs row contradicts its spans shows the spans’ range', () => {
    const file = path.join(dir, 'flujo.db')
    writeFlujoSample(file)
    const src = openSource(file, { overlay: false })
    try {
      for (const s of [
        src.queries.getSession(FLUJO_SAMPLE.runId)!,
        src.queries.listSessions({}).items[0],
      ]) {
        expect(s).toMatchObject({
          startTime: FLUJO_SAMPLE.spanStart,
          endTime: FLUJO_SAMPLE.spanEnd,
          durationMs: 20_000,
        })
        expect(s.attributes).toMatchObject({
          'source.startTime': FLUJO_SAMPLE.ownStart,
          'source.endTime': FLUJO_SAMPLE.ownEnd,
        })
      }
    } finally {
      src.close()
    }
  })

  it('times that contain the spans are kept as the source recorded them', () => {
    const s = {
      startTime: 1_000,
      endTime: 60_000,
      durationMs: 59_000,
      lastActivity: 60_000,
      attributes: {},
    } as unknown as Session
    expect(reconcileSessionTimes(s, { first: 2_000, last: 30_000 })).toBe(s)
    expect(reconcileSessionTimes(s, { first: 500, last: 30_000 })).toBe(s) // within 1 s
    expect(reconcileSessionTimes(s, { first: -5_000, last: 30_000 }).startTime).toBe(-5_000)
  })
})
