// The lean span list (withAttributes: false) and the stored form of ids.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import Database from 'better-sqlite3'
import { decodeId, encodeId } from '../../src/main/store/payloadCodec'
import { openTempStore, T0, type TempStore } from './storeTestUtils'

let t: TempStore
const bigPrompt = 'plan the refactor of module '.repeat(100)
beforeAll(async () => {
  t = openTempStore()
  await t.store.write([
    { kind: 'session', id: 's1', startTime: T0 },
    {
      kind: 'span',
      sessionId: 's1',
      spanId: 'a1b2c3d4e5f60718',
      traceId: '0123456789abcdef0123456789abcdef',
      name: 'llm.chat',
      agentId: 'coder',
      startTime: T0,
      endTime: T0 + 5,
      status: 'ok',
      attributes: { model: 'gpt-4o', 'gen_ai.prompt': bigPrompt },
    },
    {
      kind: 'span',
      sessionId: 's1',
      spanId: 'Upper-Case-ID',
      parentSpanId: 'a1b2c3d4e5f60718',
      name: 'tool.call',
      startTime: T0 + 1,
      status: 'error',
      statusMessage: 'boom',
      attributes: { tool: 'grep' },
    },
  ])
})
afterAll(async () => t.cleanup())

describe('listSpans withAttributes: false', () => {
  it('returns the same spans with empty attributes, in the same order and pages', () => {
    const full = t.store.listSpans({ sessionId: 's1', limit: 1 })
    const lean = t.store.listSpans({ sessionId: 's1', limit: 1, withAttributes: false })
    expect(full.items[0].attributes).toEqual({ tool: 'grep' })
    expect(lean.items).toEqual([{ ...full.items[0], attributes: {} }])
    expect(lean.nextCursor).toBe(full.nextCursor)
    const next = t.store.listSpans({
      sessionId: 's1',
      cursor: lean.nextCursor,
      withAttributes: false,
    })
    expect(next.items.map((s) => [s.spanId, s.attributes])).toEqual([['a1b2c3d4e5f60718', {}]])
  })

  it('also across sessions, and the default still decodes compressed attributes', () => {
    const lean = t.store.listSpans({ since: T0, withAttributes: false, order: 'asc' })
    expect(lean.items.map((s) => [s.sessionId, s.spanId, s.attributes])).toEqual([
      ['s1', 'a1b2c3d4e5f60718', {}],
      ['s1', 'Upper-Case-ID', {}],
    ])
    const full = t.store.listSpans({ since: T0, order: 'asc' })
    expect(full.items[0].attributes).toEqual({ model: 'gpt-4o', 'gen_ai.prompt': bigPrompt })
  })
})

describe('encodeId', () => {
  it('stores lower-case even-length hex as bytes and everything else as its own text', () => {
    expect(encodeId('a1b2c3d4e5f60718')).toEqual(Buffer.from('a1b2c3d4e5f60718', 'hex'))
    expect(decodeId(encodeId('00ff10'))).toBe('00ff10')
    for (const text of ['', 'abc', 'A1B2', 'a1b2c3d4e5f6071g', 'zz', 'é1', `${'ab'.repeat(65)}`]) {
      expect(encodeId(text)).toBe(text)
    }
  })

  it('keeps hex ids as 8-byte BLOBs on disk and other ids as text', () => {
    const db = new Database(t.file, { readonly: true })
    const rows = db
      .prepare(
        'SELECT typeof(span_id) AS type, length(span_id) AS n FROM spans ORDER BY start_time',
      )
      .all()
    db.close()
    expect(rows).toEqual([
      { type: 'blob', n: 8 },
      { type: 'text', n: 13 },
    ])
  })
})

describe('span ids and status read back in every stored form', () => {
  // a page reads the three ids as one value: hex BLOBs joined with spaces, text ids as a JSON
  // array; these are the shapes each side of that split has to survive
  const cases = [
    { spanId: '00000000000000a1', traceId: 'ab'.repeat(16), parentSpanId: 'ff'.repeat(8) },
    { spanId: '00000000000000a2', traceId: 'ab'.repeat(16), parentSpanId: null },
    { spanId: '00000000000000a3', traceId: undefined, parentSpanId: null },
    { spanId: '00000000000000a4', traceId: undefined, parentSpanId: '00000000000000a1' },
    { spanId: 'span with spaces', traceId: 'ab'.repeat(16), parentSpanId: '00000000000000a1' },
    { spanId: '00000000000000a5', traceId: 'trace "quoted"', parentSpanId: null },
    { spanId: '00000000000000a6', traceId: 'ab'.repeat(16), parentSpanId: '[not json' },
    { spanId: '[1,2]', traceId: undefined, parentSpanId: ' leading space' },
  ]
  const statuses = ['unset', 'ok', 'error'] as const
  let ids: TempStore
  beforeAll(async () => {
    ids = openTempStore()
    await ids.store.write(
      cases.map((c, i) => ({
        kind: 'span' as const,
        sessionId: 'ids',
        name: `op-${i}`,
        startTime: T0 + i,
        status: statuses[i % 3],
        ...c,
      })),
    )
  })
  afterAll(async () => ids.cleanup())

  const expected = cases.map((c, i) => ({
    spanId: c.spanId,
    traceId: c.traceId ?? '',
    parentSpanId: c.parentSpanId,
    name: `op-${i}`,
    status: statuses[i % 3],
  }))
  const shape = (s: {
    spanId: string
    traceId: string
    parentSpanId: string | null
    name: string
    status: string
  }) => ({
    spanId: s.spanId,
    traceId: s.traceId,
    parentSpanId: s.parentSpanId,
    name: s.name,
    status: s.status,
  })

  it('one session, lean and full, and one span at a time through the cursor', () => {
    for (const withAttributes of [false, true]) {
      const page = ids.store.listSpans({ sessionId: 'ids', order: 'asc', withAttributes })
      expect(page.items.map(shape)).toEqual(expected)
    }
    const walked = []
    let cursor: string | null | undefined
    do {
      const page = ids.store.listSpans({ sessionId: 'ids', order: 'desc', limit: 1, cursor })
      walked.push(...page.items.map(shape))
      cursor = page.nextCursor
    } while (cursor)
    expect(walked).toEqual([...expected].reverse())
  })

  it('across sessions, and getSpan by each id', () => {
    const page = ids.store.listSpans({ since: T0, order: 'asc', withAttributes: false })
    expect(page.items.map(shape)).toEqual(expected)
    for (const e of expected) expect(shape(ids.store.getSpan('ids', e.spanId)!.span)).toEqual(e)
  })
})
