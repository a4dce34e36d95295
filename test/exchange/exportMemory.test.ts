// Constant memory of export, checked two ways that stay fast: the exporter never reads ahead of a
// blocked output (back-pressure, deterministic), and the real CLI's peak RSS barely moves when the
// export grows 4× (the 1M-span figure comes from `npm run bench:export`).
import path from 'node:path'
import { Writable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TraceQueries } from '../../src/shared/queries'
import { exportTraces } from '../../src/main/exchange/exportTraces'
import { openStore } from '../../src/main/store/traceStore'
import { buildStore, cliExport } from '../../bench/exportMemory'
import { tempDir } from '../fixtures/seedWriters'

const SPANS = 30_000

let dir: string
let cleanup: () => void
let db: string

beforeAll(async () => {
  ;({ dir, cleanup } = tempDir('ts-export-mem-'))
  db = path.join(dir, 'big.db')
  await buildStore(db, SPANS)
}, 120_000)
afterAll(() => cleanup())

describe('export memory', () => {
  it('reads the source only as fast as the output drains (back-pressure)', async () => {
    const store = openStore(db, { readOnly: true })
    let spansRead = 0
    // count what the exporter pulls from the source
    const counting = new Proxy(store as TraceQueries, {
      get(target, prop) {
        const v = Reflect.get(target, prop, target) as unknown
        if (prop === 'listSpans')
          return (q: Parameters<TraceQueries['listSpans']>[0]) => {
            const page = target.listSpans(q)
            spansRead += page.items.length
            return page
          }
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v
      },
    })
    let written = 0
    let chunks = 0
    const held: Array<() => void> = []
    let blocked = true
    // a consumer that takes 8 chunks, then stops answering until the test lets it go on
    const out = new Writable({
      highWaterMark: 64 * 1024,
      write(chunk: Buffer, _enc, cb) {
        written += chunk.length
        if (++chunks > 8 && blocked) held.push(cb)
        else cb()
      },
    })
    const done = exportTraces(counting, {}, 'ndjson', out)
    await new Promise((r) => setTimeout(r, 150))
    const whileBlocked = spansRead
    await new Promise((r) => setTimeout(r, 300))
    // nothing more is read while the output is blocked, and little was read ahead of it
    expect(spansRead).toBe(whileBlocked)
    expect(whileBlocked).toBeLessThan(SPANS / 4)
    expect(out.writableLength).toBeLessThan(1024 * 1024)
    blocked = false
    for (const cb of held.splice(0)) cb()
    const res = await done
    expect(res.spans).toBe(SPANS)
    expect(written).toBe(res.bytes)
    await store.close()
  }, 60_000)

  it('the CLI’s peak RSS grows far less than the output when the export grows 4×', async () => {
    const q = openStore(db, { readOnly: true })
    // sessions holding about a quarter of the spans, for the small export
    const sessions = q.listSessions({ limit: 5000, sort: 'startTime', order: 'asc' }).items
    await q.close()
    const quarter: string[] = []
    let n = 0
    for (const s of sessions) {
      if (n >= SPANS / 4) break
      quarter.push(s.id)
      n += s.spanCount
    }
    const small = await cliExport(db, 'ndjson', path.join(dir, 'small.ndjson'), [
      '--session',
      quarter.join(','),
    ])
    const full = await cliExport(db, 'ndjson', path.join(dir, 'full.ndjson'))
    expect(full.spans).toBe(SPANS)
    expect(small.spans).toBeLessThan(SPANS / 2)
    const outputGrowth = full.bytes - small.bytes
    const rssGrowth = full.maxRssBytes - small.maxRssBytes
    // holding the records (objects: several × their JSON) and the text would cost ≥ 3× outputGrowth; streaming
    // costs only SQLite page cache and heap slack
    const figures = JSON.stringify({ small, full: { ...full, counts: undefined } })
    expect(rssGrowth, figures).toBeLessThan(2 * outputGrowth)
    expect(full.maxRssBytes, figures).toBeLessThan(200 * 1024 * 1024)
  }, 120_000)
})
