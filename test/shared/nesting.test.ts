// One nesting limit (32 levels, as the OTLP decoders) wherever records enter: the store's own
// validation refuses a value nested deeper and names the attribute, `import` reports that
// record as rejected, and the SDK keeps the span with that attribute replaced. Real stores.
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTracer, openStore as openSdkStore } from '../../src/lib'
import { importFile } from '../../src/main/exchange/importFile'
import { openStore } from '../../src/main/store/traceStore'
import { cutDeep, MAX_NESTING, TOO_DEEP, tooDeepAt } from '../../src/shared/nesting'
import { tempDir } from '../service/serviceFixtures'

function nested(levels: number, bottom: unknown = 'bottom'): unknown {
  let v = bottom
  for (let i = 0; i < levels; i++) v = [v]
  return v
}

let tmp: ReturnType<typeof tempDir>
beforeEach(() => {
  tmp = tempDir('tracescope-nesting-')
})
afterEach(() => tmp.cleanup())

describe('tooDeepAt / cutDeep', () => {
  it('allows exactly the limit and points at the first level past it', () => {
    expect(tooDeepAt(nested(MAX_NESTING))).toBeNull()
    expect(tooDeepAt(nested(MAX_NESTING + 1))).toBe('[0]'.repeat(MAX_NESTING))
    expect(tooDeepAt({ a: { b: nested(MAX_NESTING) } })).toBe('.a.b' + '[0]'.repeat(30))
  })

  it('cuts at the limit without a stack overflow, and leaves shallow values untouched', () => {
    const shallow = { a: [1, { b: 2 }] }
    expect(cutDeep(shallow)).toBe(shallow)
    const cut = cutDeep(nested(100_000)) as unknown
    expect(JSON.stringify(cut)).toBe(
      '['.repeat(MAX_NESTING) + JSON.stringify(TOO_DEEP) + ']'.repeat(MAX_NESTING),
    )
  })
})

const span = (attributes: Record<string, unknown>) => ({
  kind: 'span' as const,
  sessionId: 's',
  spanId: 'deep-span',
  name: 'tool',
  startTime: 1000,
  endTime: 1001,
  status: 'ok' as const,
  attributes,
})

describe('where records enter', () => {
  it('the store refuses an attribute 3,000 levels deep, naming it, and keeps the rest', async () => {
    const store = openStore(path.join(tmp.dir, 'store.db'))
    try {
      const r = await store.write([
        { kind: 'session', id: 's', startTime: 1000 },
        span({ fine: [[1]], 'tool.args': nested(3000) }),
        { ...span({ fine: nested(MAX_NESTING) }), spanId: 'ok-span' },
      ])
      expect(r.rejected).toHaveLength(1)
      expect(r.rejected[0].field).toBe('attributes.tool.args')
      expect(r.rejected[0].reason).toMatch(/nests deeper than 32 levels/)
      await store.flush()
      expect(store.stats().counts.spans).toBe(1)
    } finally {
      await store.close()
    }
  })

  it('import reports the record as rejected, naming the attribute', async () => {
    const file = path.join(tmp.dir, 'deep.ndjson')
    fs.writeFileSync(
      file,
      [
        JSON.stringify({ kind: 'session', id: 's', startTime: 1000 }),
        JSON.stringify(span({ payload: nested(3000) })),
      ].join('\n') + '\n',
    )
    const store = openStore(path.join(tmp.dir, 'target.db'))
    try {
      const r = await importFile(store, file)
      expect(r.rejected).toBe(1)
      expect(r.rejections[0].field).toBe('attributes.payload')
      expect(r.rejections[0].reason).toMatch(/nests deeper than 32 levels/)
    } finally {
      await store.close()
    }
  })

  it('the SDK stores the span with that attribute cut and says which one', async () => {
    const storage = openSdkStore(path.join(tmp.dir, 'sdk.db'))
    const warnings: string[] = []
    const tracer = createTracer(storage, { sessionId: 's', onRejected: (w) => warnings.push(w) })
    tracer.startSpan('deep', { 'tool.args': nested(3000), model: 'm' }).end()
    await tracer.flush()
    expect(warnings.join('\n')).toMatch(
      /stored with attributes replaced: attributes\.tool\.args nests deeper/,
    )
    const page = storage.store.listSpans({ sessionId: 's' })
    expect(page.items).toHaveLength(1)
    expect(page.items[0].attributes.model).toBe('m')
    expect(JSON.stringify(page.items[0].attributes['tool.args'])).toContain(TOO_DEEP)
    await storage.close()
  })
})
