// An experiment toward the open ingest target (≥ 100,000 spans/s), not the store: how fast would
// spans go in if each batch wrote one row per session holding that batch's spans as columns
// ("span blocks"), instead of one row plus two index entries per span; and what would the
// recent-spans lean page cost read back from such blocks. A script that prints figures.
//   npx tsx bench/spanBlocksExperiment.ts [spans, default 1000000]
// Same records as `npm run bench` (bench/syntheticSwarm.ts), the store's own validation and
// encoding (validateRecord, gzip inline), the store's BatchWriter for every record that is not a
// span, and the naive insert alternating chunk by chunk in the same run. Left out on purpose, so
// the figures are a ceiling: a span written twice (start, then end) is not merged, and nothing
// but the lean page is read back.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { TraceRecord } from '../src/shared/domain'
import { BatchWriter } from '../src/main/store/batchWriter'
import { openWritable } from '../src/main/store/connection'
import { Dictionary } from '../src/main/store/dictionary'
import { storedForm, TraceIdEncoder } from '../src/main/store/payloadCodec'
import type { PreparedRecord } from '../src/main/store/preparedRecord'
import { isRejected, validateRecord } from '../src/main/store/recordValidation'
import { openNaiveInsert } from './naiveInsert'
import { swarmRecords } from './syntheticSwarm'

const SPANS = Number(process.argv[2] ?? 1_000_000)
const BATCH = 4000
const T0 = Date.UTC(2026, 0, 1)

type SpanIn = Extract<TraceRecord, { kind: 'span' }>

const cpuNow = () => {
  const c = process.cpuUsage()
  return (c.user + c.system) / 1e6
}

function* batches(): Generator<TraceRecord[]> {
  let batch: TraceRecord[] = []
  for (const r of swarmRecords({
    spans: SPANS,
    spansPerSession: 10_000,
    concurrentSessions: 20,
    agentsPerSession: 5,
    spanGapMs: 5,
    startTime: T0,
  })) {
    batch.push(r)
    if (batch.length === BATCH) {
      yield batch
      batch = []
    }
  }
  if (batch.length) yield batch
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracescope-blocks-'))
const { db } = openWritable(path.join(dir, 'blocks.db'))
db.exec(`
  CREATE TABLE span_blocks (session INTEGER NOT NULL, min_start REAL NOT NULL,
    max_start REAL NOT NULL, n INTEGER NOT NULL, lean TEXT NOT NULL, attrs TEXT NOT NULL);
  CREATE INDEX span_blocks_session ON span_blocks (session, max_start);
  CREATE TABLE big_payloads (id INTEGER PRIMARY KEY, bytes BLOB NOT NULL);`)
const dict = new Dictionary(db, false)
const writer = new BatchWriter(db, dict)
const insertBlock = db.prepare('INSERT INTO span_blocks VALUES (?, ?, ?, ?, ?, ?)')
const insertBig = db.prepare('INSERT INTO big_payloads (bytes) VALUES (?)')
const sid = db.prepare('SELECT sid FROM sessions WHERE id = ?').pluck()
const ensureSession = db.prepare('INSERT INTO sessions (id) VALUES (?) ON CONFLICT DO NOTHING')
const limits = {
  maxRecordBytes: 1 << 20,
  compressAboveBytes: 1024,
  traceIds: new TraceIdEncoder(),
}

const naive = openNaiveInsert(path.join(dir, 'naive.db'))

/** One batch: spans as one block row per session, everything else through the store's writer. */
function writeBatch(records: TraceRecord[]): void {
  const others: PreparedRecord[] = []
  const bySession = new Map<string, Array<{ raw: SpanIn; attrs: string }>>()
  records.forEach((raw, index) => {
    const v = validateRecord(raw, index, limits)
    if (isRejected(v)) throw new Error(`rejected: ${v.field} ${v.reason}`)
    if (v.kind !== 'span') {
      others.push(v)
      return
    }
    const stored = storedForm(v.attributes)
    let list = bySession.get(v.sessionId)
    if (!list) bySession.set(v.sessionId, (list = []))
    // compressed payloads go to their own rows; the block keeps their row id
    list.push({ raw: raw as SpanIn, attrs: typeof stored === 'string' ? stored : '' })
    if (stored !== null && typeof stored !== 'string')
      list[list.length - 1].attrs = String(insertBig.run(stored).lastInsertRowid)
  })
  db.transaction(() => {
    writer.write(others)
    for (const [sessionId, spans] of bySession) {
      ensureSession.run(sessionId)
      const cols: unknown[][] = Array.from({ length: 10 }, () => new Array(spans.length))
      let min = Infinity
      let max = -Infinity
      spans.forEach(({ raw }, i) => {
        cols[0][i] = raw.startTime
        cols[1][i] = raw.endTime ?? null
        cols[2][i] = raw.spanId
        cols[3][i] = raw.traceId ?? null
        cols[4][i] = raw.parentSpanId ?? null
        cols[5][i] = dict.idFor(raw.name)
        cols[6][i] = dict.optionalIdFor(raw.spanKind)
        cols[7][i] = dict.optionalIdFor(raw.agentId)
        cols[8][i] = raw.status ?? 'unset'
        cols[9][i] = raw.statusMessage ?? null
        min = Math.min(min, raw.startTime)
        max = Math.max(max, raw.startTime)
      })
      const attrs = `[${spans.map((s) => (s.attrs === '' ? 'null' : s.attrs)).join(',')}]`
      insertBlock.run(sid.get(sessionId), min, max, spans.length, JSON.stringify(cols), attrs)
    }
  }).immediate()
}

let seconds = 0
let cpu = 0
let records = 0
let spans = 0
let naiveSeconds = 0
let naiveRecords = 0
for (const batch of batches()) {
  let t = performance.now()
  let c = cpuNow()
  writeBatch(batch)
  seconds += (performance.now() - t) / 1000
  cpu += cpuNow() - c
  records += batch.length
  for (const r of batch) if (r.kind === 'span') spans++
  if (spans <= 1_000_000) {
    t = performance.now()
    c = cpuNow()
    naive.insert(batch)
    naiveSeconds += (performance.now() - t) / 1000
    naiveRecords += batch.length
  }
}
const bytes = fs.statSync(path.join(dir, 'blocks.db')).size
db.pragma('wal_checkpoint(TRUNCATE)')

// the recent-spans lean page: last 10 minutes of the busiest session, newest first, limit 1000
const session = db
  .prepare('SELECT session, max(max_start) AS last FROM span_blocks GROUP BY session LIMIT 1')
  .get() as { session: number; last: number }
const blocksOf = db.prepare(
  'SELECT lean FROM span_blocks WHERE session = ? AND max_start >= ? ORDER BY max_start DESC',
)
function leanPage(): unknown[] {
  const since = session.last - 600_000
  const rows: Array<[number, unknown[][], number]> = []
  for (const b of blocksOf.pluck().iterate(session.session, since) as Iterable<string>) {
    const cols = JSON.parse(b) as unknown[][]
    const starts = cols[0] as number[]
    for (let i = 0; i < starts.length; i++) if (starts[i] >= since) rows.push([starts[i], cols, i])
  }
  rows.sort((a, b) => b[0] - a[0])
  return rows.slice(0, 1000).map(([start, c, i]) => ({
    sessionId: 'x',
    startTime: start,
    endTime: c[1][i],
    spanId: c[2][i],
    traceId: c[3][i] ?? '',
    parentSpanId: c[4][i],
    name: dict.value(c[5][i] as number),
    kind: dict.optionalValue(c[6][i] as number | null) ?? 'internal',
    agentId: dict.optionalValue(c[7][i] as number | null),
    status: c[8][i],
    statusMessage: c[9][i],
    attributes: {},
  }))
}
const times: number[] = []
const c0 = cpuNow()
let pageRows = 0
for (let i = 0; i < 1000; i++) {
  const t = performance.now()
  pageRows = leanPage().length
  times.push(performance.now() - t)
}
const pageCpu = ((cpuNow() - c0) / 1000) * 1000
times.sort((a, b) => a - b)

const f = (n: number) => Math.round(n).toLocaleString('en-US')
process.stdout.write(
  [
    `span blocks experiment: ${f(spans)} spans, ${f(records)} records, batches of ${BATCH}, load ${os.loadavg()[0].toFixed(1)}`,
    `ingest: ${f(spans / seconds)} spans/s, ${f(records / seconds)} records/s, ${((cpu / records) * 1e6).toFixed(1)} µs CPU per record`,
    `naive insert (same records, alternating): ${f(naiveRecords / naiveSeconds)} rows/s → blocks/naive ${(records / seconds / (naiveRecords / naiveSeconds)).toFixed(2)}×`,
    `bytes per span (everything, before the search index): ${f(bytes / spans)}`,
    `lean page, last 10 min, limit 1000 (${pageRows} rows): p50 ${times[500].toFixed(2)} ms, p99 ${times[990].toFixed(2)} ms, ${pageCpu.toFixed(2)} ms CPU per page`,
  ].join('\n') + '\n',
)
db.close()
naive.close()
fs.rmSync(dir, { recursive: true, force: true })
