// Payloads over the threshold are compressed on a worker thread (gzipOffload.ts): the bytes on
// disk are gzip either way, a dead or closed worker leaves the writer to compress them itself,
// and a script that awaits write() never exits while a compression is out.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { gunzipSync } from 'node:zlib'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { GzipOffload } from '../../src/main/store/gzipOffload'
import { LaterGzip } from '../../src/main/store/payloadCodec'
import { openTempStore, T0, tempDir, type TempStore } from './storeTestUtils'
import { prerequisite } from '../prerequisites'

let t: TempStore | null = null
afterEach(async () => {
  await t?.cleanup()
  t = null
})

const prompt = (i: number) =>
  `prompt ${i}: ` + 'summarise the failing test and propose a fix. '.repeat(60)

const bigSpans = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    kind: 'span' as const,
    sessionId: 'gz',
    spanId: (i + 1).toString(16).padStart(16, '0'),
    name: 'llm.chat',
    startTime: T0 + i,
    attributes: { prompt: prompt(i), n: i },
  }))

function storedAttributes(file: string): Array<{ type: string; bytes: Buffer | string }> {
  const db = new Database(file, { readonly: true })
  try {
    return db
      .prepare(
        'SELECT typeof(attributes) AS type, attributes AS bytes FROM spans ORDER BY start_time',
      )
      .all() as Array<{ type: string; bytes: Buffer | string }>
  } finally {
    db.close()
  }
}

describe('gzip off the writer thread', () => {
  it('the worker compresses a job before the writer needs it, byte-for-byte gzip of the JSON', async () => {
    const offload = new GzipOffload()
    try {
      // a job of 8 (fewer stay on the writer's thread, see the store test below)
      const items = [
        ...Array.from({ length: 7 }, (_, i) => new LaterGzip(JSON.stringify({ a: prompt(i) }))),
        new LaterGzip('"x"'),
      ]
      offload.send(items)
      expect(offload.inFlight()).not.toBeNull()
      // inFlight() also gives up after a second (the writer then compresses itself); a slow
      // machine may take longer than that to start the thread, so wait for the answer itself
      const until = Date.now() + 20_000
      for (let p = offload.inFlight(); p && Date.now() < until; p = offload.inFlight()) await p
      expect(offload.inFlight()).toBeNull()
      for (const item of items) {
        // compressed by the worker: present before the writer's own bytes() would make them
        expect(item.compressed).not.toBeNull()
        expect(gunzipSync(item.compressed!).toString('utf8')).toBe(item.json)
      }
    } finally {
      await offload.close()
    }
  })

  it('after close (or a dead worker) nothing is sent and the writer compresses inline', async () => {
    const offload = new GzipOffload()
    await offload.close()
    expect(offload.available).toBe(false)
    const items = Array.from(
      { length: 8 },
      (_, i) => new LaterGzip(JSON.stringify({ p: prompt(i) })),
    )
    const item = items[0]
    offload.send(items)
    expect(offload.inFlight()).toBeNull()
    expect(item.compressed).toBeNull()
    expect(gunzipSync(item.bytes()).toString('utf8')).toBe(item.json)
  })

  it('a store writes large payloads as gzip BLOBs and reads them back, worker on and off', async () => {
    for (const compressInWorker of [true, false]) {
      t = openTempStore({ compressInWorker })
      const spans = bigSpans(300)
      await t.store.write([{ kind: 'session', id: 'gz' }, ...spans])
      const rows = storedAttributes(t.file)
      expect(rows).toHaveLength(300)
      rows.forEach((row, i) => {
        expect(row.type).toBe('blob')
        expect(JSON.parse(gunzipSync(row.bytes as Buffer).toString('utf8'))).toEqual(
          spans[i].attributes,
        )
      })
      const page = t.store.listSpans({ sessionId: 'gz', limit: 300, order: 'asc' })
      expect(page.items.map((s) => s.attributes)).toEqual(spans.map((s) => s.attributes))
      await t.cleanup()
      t = null
    }
  })

  // the thread count is read from Linux's /proc
  it.skipIf(
    !prerequisite('/proc/self/task (Linux)', fs.existsSync('/proc/self/task') ? null : 'no /proc'),
  )(
    'a call with a few large payloads compresses them on the writer thread, starting no thread',
    async () => {
      const threads = () => fs.readdirSync('/proc/self/task').length
      t = openTempStore()
      await t.store.write([{ kind: 'session', id: 'gz' }, ...bigSpans(3)])
      const before = threads()
      await t.store.write(
        bigSpans(7).map((sp, i) => ({ ...sp, startTime: sp.startTime + 1000 + i })),
      )
      expect(threads()).toBe(before)
      await t.store.write(
        bigSpans(20).map((sp, i) => ({ ...sp, startTime: sp.startTime + 2000 + i })),
      )
      expect(threads()).toBeGreaterThan(before)
      const rows = storedAttributes(t.file)
      expect(rows).toHaveLength(30)
      expect(rows.every((r) => r.type === 'blob')).toBe(true)
    },
  )

  it('a script that awaits write() and close() stores every record before it exits', () => {
    const dir = tempDir()
    const file = path.join(dir, 'child.db')
    const store = path.resolve(__dirname, '../../src/main/store/traceStore.ts')
    const script = `
      const { openStore } = require(${JSON.stringify(store)})
      const s = openStore(${JSON.stringify(file)})
      const text = 'a long prompt for the model to answer. '.repeat(80)
      const spans = Array.from({ length: 2000 }, (_, i) => ({ kind: 'span', sessionId: 'child',
        spanId: (i + 1).toString(16).padStart(16, '0'), name: 'llm', startTime: ${T0} + i,
        attributes: { prompt: text + i } }))
      s.write(spans).then(() => s.close()).then(() => console.log('done'))`
    const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], {
      encoding: 'utf8',
      cwd: path.resolve(__dirname, '../..'),
    })
    expect(out.trim()).toBe('done')
    const rows = storedAttributes(file)
    expect(rows).toHaveLength(2000)
    expect(rows.every((r) => r.type === 'blob')).toBe(true)
  })
})
