// An OTLP import read and mapped on its worker thread (otlpImportThread.ts) stores what the
// inline import stores, names each refusal's 1-based line (found while mapping on the thread, or
// by the store on the writer's thread), reads gzip, keeps what came before a broken structure,
// and stops its thread when the import is aborted. Real files, a real store.
import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'
import { describe, expect, it } from 'vitest'
import {
  importFile,
  offThreadByDefault,
  type ImportOptions,
} from '../../src/main/exchange/importFile'
import { openStore } from '../../src/main/store/traceStore'
import { tempDirsPerTest } from '../fixtures/tempDirsPerTest'

const tmp = tempDirsPerTest('ts-otlp-thread-')

const hex = (n: number, width: number): string => n.toString(16).padStart(width, '0')
const range = (from: number, n: number): number[] => Array.from({ length: n }, (_, k) => from + k)

function span(i: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const t = 1_700_000_000_000 + i
  return {
    traceId: hex(Math.floor(i / 50) + 1, 32),
    spanId: hex(i + 1, 16),
    name: `step ${i}`,
    startTimeUnixNano: `${t}000000`,
    endTimeUnixNano: `${t + 2}000000`,
    attributes: [{ key: 'gen_ai.usage.input_tokens', value: { intValue: 10 + (i % 7) } }],
    ...extra,
  }
}

const line = (spans: unknown[]): string =>
  JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'svc' } }] },
        scopeSpans: [{ scope: { name: 'scope' }, spans }],
      },
    ],
  })

const OFF_THREAD: ImportOptions = { offThread: true }
const INLINE: ImportOptions = { offThread: false }

async function importInto(file: string, opts: ImportOptions, storeOpts = {}) {
  const db = path.join(path.dirname(file), `${path.basename(file)}-${Math.random()}.db`)
  const store = openStore(db, { indexSearchWhenIdle: false, ...storeOpts })
  try {
    const r = await importFile(store, file, opts)
    return {
      r,
      spans: store.stats().counts.spans,
      sessions: store.listSessions({}).items,
      // a span read back whole: ids, parent, times, attributes
      span: store.getSpan(hex(Math.floor(321 / 50) + 1, 32), hex(322, 16)),
    }
  } finally {
    await store.close()
  }
}

/** JSON Lines: 300 good spans a line, a span without traceId on line 2, a huge one on line 4. */
function linesFile(dir: string): string {
  const file = path.join(dir, 'export.jsonl')
  const huge = span(950, {
    attributes: [{ key: 'blob', value: { stringValue: 'x'.repeat(5000) } }],
  })
  const text = [
    line(range(0, 300).map((i) => span(i))),
    line([...range(300, 299).map((i) => span(i)), span(599, { traceId: undefined })]),
    line(range(600, 300).map((i) => span(i))),
    line([span(900), ...range(901, 49).map((i) => span(i)), huge]),
  ].join('\n')
  fs.writeFileSync(file, `${text}\n`)
  return file
}

describe('OTLP import on its reading thread', () => {
  it('stores what the inline import stores, refusals with their lines, gzip alike', async () => {
    const dir = tmp()
    const file = linesFile(dir)
    const gz = path.join(dir, 'export.log')
    fs.writeFileSync(gz, zlib.gzipSync(fs.readFileSync(file)))
    // a 4,000-byte record limit: the huge span passes the mapping and is refused by the store
    const limits = { maxRecordBytes: 4000 }
    const inline = await importInto(file, INLINE, limits)
    const threaded = await importInto(file, OFF_THREAD, limits)
    const gzipped = await importInto(gz, OFF_THREAD, limits)
    for (const run of [threaded, gzipped]) {
      expect(run.r).toMatchObject({ format: 'otlp-jsonl', spans: 950, rejected: 2 })
      expect(run.r.rejections.map((x) => [x.line, x.kind])).toEqual([
        [2, 'span'],
        [4, 'span'],
      ])
      expect(run.r.rejections[0].reason).toMatch(/spans\[299\]\.traceId is required/)
      expect(run.r.rejections[1].reason).toMatch(/over the 4000-byte limit/)
      expect(run.spans).toBe(949)
      expect(run.r.counts).toEqual(inline.r.counts)
      expect(run.sessions).toEqual(inline.sessions)
      expect(run.span).toEqual(inline.span)
    }
    expect(inline.span?.span).toMatchObject({
      spanId: hex(322, 16),
      attributes: { 'gen_ai.usage.input_tokens': 10 + (321 % 7), 'resource.service.name': 'svc' },
    })
    expect(gzipped.r.compression).toBe('gzip')
    expect(inline.r.rejections).toEqual(threaded.r.rejections)
  }, 60_000)

  it('names the line of a span the store refuses inside a pretty-printed document', async () => {
    const dir = tmp()
    const file = path.join(dir, 'pretty.json')
    const huge = span(25, {
      attributes: [{ key: 'blob', value: { stringValue: 'x'.repeat(5000) } }],
    })
    const resource = (spans: unknown[]) => JSON.parse(line(spans)).resourceSpans[0] as unknown
    const text = JSON.stringify(
      {
        resourceSpans: [
          resource(range(0, 10).map((i) => span(i))),
          resource([...range(10, 15).map((i) => span(i)), huge, span(26)]),
        ],
      },
      null,
      2,
    )
    fs.writeFileSync(file, text)
    // the span object opens two lines above its spanId
    const expected = text.slice(0, text.indexOf(hex(26, 16))).split('\n').length - 2
    for (const opts of [OFF_THREAD, INLINE]) {
      const { r, spans } = await importInto(file, opts, { maxRecordBytes: 4000 })
      expect(r).toMatchObject({ format: 'otlp-json', spans: 27, rejected: 1 })
      expect(r.rejections[0]).toMatchObject({ line: expected, kind: 'span', id: hex(26, 16) })
      expect(spans).toBe(26)
    }
  }, 60_000)

  it('keeps what came before a file cut short, and names the line where it ends', async () => {
    const dir = tmp()
    const file = path.join(dir, 'cut.jsonl')
    const second = line(range(300, 300).map((i) => span(i)))
    fs.writeFileSync(file, `${line(range(0, 300).map((i) => span(i)))}\n${second.slice(0, 5000)}`)
    const db = path.join(dir, 'cut.db')
    const store = openStore(db, { indexSearchWhenIdle: false })
    try {
      await expect(importFile(store, file, OFF_THREAD)).rejects.toThrow(
        /cut\.jsonl: JSON ends early at line 2/,
      )
      await store.flush()
      expect(store.stats().counts.spans).toBeGreaterThanOrEqual(300)
    } finally {
      await store.close()
    }
  }, 60_000)

  it('leaves files under 4 MB inline: a thread would start for less than it saves', () => {
    expect(offThreadByDefault(4 * 1024 * 1024 - 1)).toBe(false)
    expect(offThreadByDefault(1000)).toBe(false)
  })

  it('stops when the import is aborted', async () => {
    const dir = tmp()
    const file = linesFile(dir)
    const controller = new AbortController()
    const db = path.join(dir, 'aborted.db')
    const store = openStore(db, { indexSearchWhenIdle: false })
    try {
      const run = importFile(store, file, {
        ...OFF_THREAD,
        signal: controller.signal,
        onProgress: () => controller.abort(),
      })
      await expect(run).rejects.toMatchObject({ name: 'AbortError' })
    } finally {
      await store.close()
    }
  }, 60_000)
})
