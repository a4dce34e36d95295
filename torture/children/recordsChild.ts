// SDK/store records that are wrong in one way each, written with store.write() next to a good
// record, then read back through every query that walks parents. Runs in its own process so a
// stack overflow, a hang or a crash is seen by the parent. Prints one JSON line per case, then `done`.
// argv: <db>
import type { TraceRecord } from '../../src/shared/domain'
import { openStore } from '../../src/main/store/traceStore'
import { buildTree } from '../../src/cli/spanTree'

const [file] = process.argv.slice(2)
const T = Date.now() - 60_000

function deepObject(depth: number): unknown {
  let v: unknown = 'bottom'
  for (let i = 0; i < depth; i++) v = { v }
  return v
}
const circular: Record<string, unknown> = { a: 1 }
circular.self = circular

const span = (id: string, extra: Record<string, unknown> = {}): TraceRecord =>
  ({
    kind: 'span',
    sessionId: 'bad-records',
    spanId: id,
    name: `span ${id}`,
    startTime: T,
    endTime: T + 1,
    ...extra,
  }) as TraceRecord

type Expect = 'reject' | 'store' | 'either'
const CASES: Array<{ label: string; records: unknown[]; expect: Expect }> = [
  { label: 'name is a number', records: [span('a1', { name: 42 })], expect: 'reject' },
  {
    label: 'startTime a string',
    records: [span('a2', { startTime: 'yesterday' })],
    expect: 'reject',
  },
  { label: 'startTime NaN', records: [span('a3', { startTime: NaN })], expect: 'reject' },
  { label: 'startTime Infinity', records: [span('a4', { startTime: Infinity })], expect: 'reject' },
  { label: 'startTime negative', records: [span('a5', { startTime: -5 })], expect: 'either' },
  {
    label: 'endTime before startTime',
    records: [span('a6', { endTime: T - 1000 })],
    expect: 'either',
  },
  {
    label: 'attributes 2 MB',
    records: [span('a7', { attributes: { big: 'x'.repeat(2 * 1024 * 1024) } })],
    expect: 'reject',
  },
  {
    label: 'name 2 MB',
    records: [span('a8', { name: 'n'.repeat(2 * 1024 * 1024) })],
    expect: 'reject',
  },
  {
    label: 'attributes 100,000 levels deep',
    records: [span('a9', { attributes: deepObject(100_000) })],
    expect: 'reject',
  },
  {
    label: 'attributes 500 levels deep',
    records: [span('a10', { attributes: deepObject(500) })],
    expect: 'either',
  },
  {
    label: 'attributes with a cycle',
    records: [span('a11', { attributes: circular })],
    expect: 'reject',
  },
  {
    label: 'attributes a BigInt',
    records: [span('a12', { attributes: { n: 10n } })],
    expect: 'either',
  },
  {
    label: 'lone surrogates',
    records: [span('a13', { name: 'x \ud800 y', attributes: { '\udc00': '\ud800' } })],
    expect: 'either',
  },
  {
    label: 'a Buffer of invalid UTF-8',
    records: [span('a14', { attributes: { raw: Buffer.from([0xff, 0xfe, 0xc3, 0x28]) } })],
    expect: 'either',
  },
  {
    label: 'parent cycle A→B→A and self parent',
    records: [
      span('c1', { parentSpanId: 'c2' }),
      span('c2', { parentSpanId: 'c1' }),
      span('c3', { parentSpanId: 'c3' }),
    ],
    expect: 'store',
  },
  {
    label: 'same id twice in one write',
    records: [span('d1', { name: 'first' }), span('d1', { name: 'second' })],
    expect: 'either',
  },
  { label: 'sessionId empty', records: [span('a15', { sessionId: '' })], expect: 'reject' },
  { label: 'spanId 10 KB', records: [span('s'.repeat(10_000))], expect: 'either' },
  { label: 'kind unknown', records: [{ kind: 'bogus', id: 'x' }], expect: 'reject' },
  { label: 'null record', records: [null], expect: 'reject' },
  { label: 'a number as record', records: [7], expect: 'reject' },
  {
    label: 'event time NaN',
    records: [{ kind: 'event', sessionId: 'bad-records', time: NaN, name: 'e' }],
    expect: 'reject',
  },
  {
    label: 'error without message',
    records: [{ kind: 'error', time: T, type: 'E' }],
    expect: 'reject',
  },
  {
    label: 'metric value a string',
    records: [
      { kind: 'metric', sessionId: 'bad-records', agentId: null, time: T, name: 'm', value: 'x' },
    ],
    expect: 'reject',
  },
  {
    label: 'memory expiresAt a string',
    records: [
      {
        kind: 'memory',
        sessionId: 'bad-records',
        namespace: 'n',
        key: 'k',
        value: 1,
        time: T,
        expiresAt: 'later',
      },
    ],
    expect: 'reject',
  },
  {
    label: '__proto__ in attributes',
    records: [span('a16', { attributes: JSON.parse('{"__proto__":{"polluted":true},"ok":1}') })],
    expect: 'either',
  },
]

async function main(): Promise<void> {
  const store = openStore(file)
  let goodNo = 0
  for (const c of CASES) {
    const good = span(`good${goodNo++}`)
    let outcome: Record<string, unknown>
    try {
      const w = await store.write([good, ...(c.records as TraceRecord[])])
      const goodKept = !w.rejected.some((x) => x.index === 0)
      const badRejected = w.rejected.filter((x) => x.index > 0)
      outcome = {
        label: c.label,
        expect: c.expect,
        threw: null,
        goodKept,
        rejected: badRejected.length,
        of: c.records.length,
        reasons: badRejected.map((x) => `${x.field}: ${x.reason}`.slice(0, 120)),
        unclear: badRejected.filter((x) => !x.field || !x.reason).length,
      }
    } catch (e) {
      outcome = {
        label: c.label,
        expect: c.expect,
        threw: `${(e as Error).name}: ${(e as Error).message}`.slice(0, 200),
      }
    }
    process.stdout.write(JSON.stringify(outcome) + '\n')
  }
  // read back: every query that follows parents must terminate on the cycles
  const reads: Record<string, string> = {}
  const tryRead = (name: string, fn: () => unknown) => {
    const t0 = performance.now()
    try {
      fn()
      reads[name] = `ok ${Math.round(performance.now() - t0)} ms`
    } catch (e) {
      reads[name] = `error ${(e as Error).name}: ${(e as Error).message.slice(0, 100)}`
    }
  }
  const spans = store.listSpans({ sessionId: 'bad-records', limit: 5000 }).items
  tryRead('listSpans', () => store.listSpans({ sessionId: 'bad-records', limit: 5000 }))
  tryRead('sessionGraph', () => store.sessionGraph('bad-records'))
  tryRead('getSpan(cycle)', () => store.getSpan('bad-records', 'c1'))
  tryRead('getSpan(self parent)', () => store.getSpan('bad-records', 'c3'))
  tryRead('search', () => store.search({ text: 'span', limit: 50 }))
  tryRead('stats', () => store.stats())
  tryRead('CLI buildTree', () => buildTree(spans))
  const duplicates = spans.filter((s) => s.spanId === 'd1').length
  const polluted = ({} as Record<string, unknown>).polluted !== undefined
  await store.close()
  process.stdout.write(
    JSON.stringify({ done: true, reads, duplicates, polluted, spans: spans.length }) + '\n',
  )
}

main().catch((e: unknown) => {
  process.stdout.write(JSON.stringify({ fatal: `${(e as Error).stack}`.slice(0, 500) }) + '\n')
  process.exit(2)
})
