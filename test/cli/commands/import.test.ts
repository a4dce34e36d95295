// `tracescope import` as a user runs it (the real CLI in a child process) on files other tools
// write: OTLP JSON Lines with long lines, one resource holding 200,000 spans, gzip under any
// name, and files with records to refuse, whose lines the summary must name.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { openStore } from '../../../src/main/store/traceStore'
import { storeWith, richRecords } from '../../exchange/exchangeHelpers'
import { tempDirsPerTest } from '../../fixtures/tempDirsPerTest'
import { BIN, ROOT, tracescope } from '../cliHelpers'

const tmp = tempDirsPerTest('ts-import-cli-')

interface ImportJson {
  files: Array<{
    format: string
    compression: string | null
    accepted: number
    rejected: number
    spans: number
    rejections: Array<{ line: number; kind: string; field: string; reason: string }>
  }>
  peakRssBytes: number
}

const hex = (n: number, width: number): string => n.toString(16).padStart(width, '0')

/** An OTLP JSON span; traces of 50 spans, one session per trace. */
function span(i: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const t = 1_700_000_000_000 + i
  return {
    traceId: hex(Math.floor(i / 50) + 1, 32),
    spanId: hex(i + 1, 16),
    name: `step ${i}`,
    startTimeUnixNano: `${t}000000`,
    endTimeUnixNano: `${t + 2}000000`,
    attributes: [
      { key: 'tool.query', value: { stringValue: `query number ${i} about something` } },
    ],
    ...extra,
  }
}

function request(spans: unknown[], service = 'svc'): Record<string, unknown> {
  return {
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
        scopeSpans: [{ scope: { name: 'test-scope' }, spans }],
      },
    ],
  }
}

const range = (from: number, n: number): number[] => Array.from({ length: n }, (_, k) => from + k)

function spanCount(db: string): number {
  const s = openStore(db, { readOnly: true })
  try {
    return s.stats().counts.spans
  } finally {
    void s.close()
  }
}

/** 1-based line where `marker` first appears: what a person opening the file would see. */
const lineOf = (text: string, marker: string): number =>
  text.slice(0, text.indexOf(marker)).split('\n').length

async function importJson(
  files: string[],
  db: string,
): Promise<{ json: ImportJson; code: number; stderr: string }> {
  const r = await tracescope(['import', ...files, '--db', db, '--json'])
  if (!r.stdout) throw new Error(`tracescope import exited ${r.code} with no output: ${r.stderr}`)
  return { json: JSON.parse(r.stdout) as ImportJson, code: r.code, stderr: r.stderr }
}

/** Every search hit of `text` in the store, all pages, read as a viewer would (read-only). */
function searchAll(db: string, text: string): Array<{ id: string; title: string }> {
  const s = openStore(db, { readOnly: true })
  try {
    const found: Array<{ id: string; title: string }> = []
    let cursor: string | undefined
    do {
      const page = s.search({ text, limit: 500, cursor })
      for (const h of page.items) found.push({ id: h.id, title: h.title })
      cursor = page.nextCursor ?? undefined
    } while (cursor)
    return found
  } finally {
    void s.close()
  }
}

describe('tracescope import', () => {
  it('returns once spans are stored; search finds every one when the background indexer is done', async () => {
    const dir = tmp()
    const file = path.join(dir, 'export.jsonl')
    const spans = range(0, 1200).map((i) =>
      span(i, i === 777 ? { status: { code: 2, message: 'zebrafinch timed out' } } : {}),
    )
    fs.writeFileSync(
      file,
      `${JSON.stringify(request(spans.slice(0, 600)))}\n${JSON.stringify(request(spans.slice(600)))}\n`,
    )
    const db = path.join(dir, 'store.db')
    const r = await tracescope(['import', file, '--db', db, '--json'])
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject({ search: 'indexing in the background' })
    expect(spanCount(db)).toBe(1200)
    // the background process indexes while nobody waits for it: its result appears by itself
    const deadline = Date.now() + 60_000
    while (searchAll(db, 'something').length < 1200 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100))
    expect(searchAll(db, 'something')).toHaveLength(1200)
    // the failed span, and the error record the mapping makes of its status
    const failed = searchAll(db, 'zebrafinch')
    expect(failed.map((h) => h.title).sort()).toEqual(['SpanError', 'step 777'])
    expect(failed).toContainEqual({ id: hex(778, 16), title: 'step 777' })

    // --wait-index: searchable when the command exits; so after `maintain --index-search`
    const waited = path.join(dir, 'waited.db')
    const w = await tracescope(['import', file, '--db', waited, '--json', '--wait-index'])
    expect(JSON.parse(w.stdout)).toMatchObject({ search: 'indexed' })
    expect(searchAll(waited, 'something')).toHaveLength(1200)
    const later = path.join(dir, 'later.db')
    const human = await tracescope(['import', file, '--db', later])
    expect(human.stderr).toContain('search: a background process indexes the new records')
    // the import's own background indexer may still be at work: this one then indexes too
    const m = await tracescope(['maintain', '--index-search', '--db', later])
    expect(m.code).toBe(0)
    expect(m.stderr).toMatch(/^(indexing for search…\n)?search index up to date\n$/)
    expect(searchAll(later, 'zebrafinch')).toHaveLength(2)
    expect(searchAll(later, 'something')).toHaveLength(1200)
  }, 120_000)

  it('imports OTLP JSON Lines whose lines run past 64 KB and to several MB', async () => {
    const dir = tmp()
    const file = path.join(dir, 'collector-export.jsonl')
    const lines = [
      request(range(0, 400).map((i) => span(i))), // ~90 KB
      request([span(400)]),
      request(range(401, 20_000).map((i) => span(i))), // ~4.5 MB
    ].map((r) => JSON.stringify(r))
    expect(Buffer.byteLength(lines[0])).toBeGreaterThan(64 * 1024)
    expect(Buffer.byteLength(lines[2])).toBeGreaterThan(4 * 1024 * 1024)
    fs.writeFileSync(file, `${lines.join('\n')}\n`)
    const db = path.join(dir, 'store.db')
    const { json, code } = await importJson([file], db)
    expect(code).toBe(0)
    expect(json.files[0]).toMatchObject({ format: 'otlp-jsonl', spans: 20_401, rejected: 0 })
    expect(spanCount(db)).toBe(20_401)
    const s = openStore(db, { readOnly: true })
    try {
      const last = s.getSpan(hex(Math.floor(20_400 / 50) + 1, 32), hex(20_401, 16))
      expect(last?.span.attributes).toMatchObject({
        'resource.service.name': 'svc',
        'tool.query': 'query number 20400 about something',
      })
    } finally {
      await s.close()
    }
  }, 120_000)

  it('imports one resource of 200,000 spans span by span, with progress lines into a pipe', async () => {
    const dir = tmp()
    const file = path.join(dir, 'one-resource.json')
    const out = fs.openSync(file, 'w')
    const head = JSON.stringify(request([], 'long-run')).replace('"spans":[]', '"spans":[')
    fs.writeSync(out, head.slice(0, head.indexOf('"spans":[') + 9))
    const N = 200_000
    for (let i = 0; i < N; i += 10_000)
      fs.writeSync(
        out,
        (i ? ',' : '') +
          range(i, 10_000)
            .map((k) => JSON.stringify(span(k, { attributes: [] })))
            .join(','),
      )
    fs.writeSync(out, ']}]}]}\n')
    fs.closeSync(out)
    const db = path.join(dir, 'store.db')
    // stderr is a pipe, not a terminal: progress comes as whole lines, never rewritten in place
    const child = spawn(process.execPath, [BIN, 'import', file, '--db', db], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stderr = ''
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()))
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
    expect(stderr).not.toContain('Maximum call stack')
    expect(code).toBe(0)
    expect(stderr).not.toContain('\r')
    const progress = stderr.split('\n').filter((l) => l.startsWith('importing one-resource.json'))
    expect(progress.length).toBeGreaterThan(0)
    expect(progress[0]).toMatch(/^importing one-resource\.json \[[#·]{20}\] +\d+% [\d,]+ spans$/)
    expect(stderr).toMatch(/imported .*one-resource\.json \(OTLP JSON\): 200,000 spans as /)
    expect(spanCount(db)).toBe(N)
  }, 600_000)

  it('imports gzip of every format whatever the file is called', async () => {
    const dir = tmp()
    const native = path.join(dir, 'native.db')
    const records = richRecords()
    await (await storeWith(native, records)).close()
    const exported: Record<string, string> = {}
    for (const format of ['json', 'ndjson'] as const) {
      const out = path.join(dir, `export.${format}`)
      const r = await tracescope(['export', '--db', native, '--format', format, '--out', out])
      expect(r.code).toBe(0)
      exported[format] = out
    }
    const gz = (name: string, content: Buffer | string): string => {
      const f = path.join(dir, name)
      fs.writeFileSync(f, zlib.gzipSync(content))
      return f
    }
    const files = [
      gz('tracescope-export.txt', fs.readFileSync(exported.json)),
      gz('records.json', fs.readFileSync(exported.ndjson)),
      gz('otlp-document.log', JSON.stringify(request(range(0, 30).map((i) => span(i))))),
      gz(
        'otlp-lines.db',
        [request(range(0, 5).map((i) => span(i))), request(range(5, 5).map((i) => span(i)))]
          .map((r) => JSON.stringify(r))
          .join('\n'),
      ),
      gz('store-copy.json', fs.readFileSync(native)),
    ]
    const targets = files.map((f) => `${f}.store.db`)
    const runs = await Promise.all(files.map((f, i) => importJson([f], targets[i])))
    expect(runs.map((r) => [r.code, r.json.files[0].format, r.json.files[0].compression])).toEqual([
      [0, 'tracescope-json', 'gzip'],
      [0, 'tracescope-ndjson', 'gzip'],
      [0, 'otlp-json', 'gzip'],
      [0, 'otlp-jsonl', 'gzip'],
      [0, 'sqlite', 'gzip'],
    ])
    const spansIn = records.filter((r) => r.kind === 'span').length
    expect(targets.map(spanCount)).toEqual([spansIn, spansIn, 30, 10, spansIn])
    // the decompressed copy of the .db lives only for the import
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('tracescope-import-'))).toEqual([])
  }, 120_000)

  it('refuses bad records with their 1-based lines and reasons, and imports the rest', async () => {
    const dir = tmp()
    // OTLP JSON Lines: line 3 holds a span without a traceId among good ones
    const jsonl = path.join(dir, 'lines.jsonl')
    const jsonlText = [
      request(range(0, 3).map((i) => span(i))),
      request([span(3)]),
      request([span(4), span(5, { traceId: undefined, name: 'no-trace-id' }), span(6)]),
    ]
      .map((r) => JSON.stringify(r))
      .join('\n')
    fs.writeFileSync(jsonl, `${jsonlText}\n`)
    // one pretty-printed OTLP document: the bad span's line inside it
    const pretty = path.join(dir, 'pretty.json')
    const prettyText = JSON.stringify(
      request([
        span(10),
        span(11, { name: 'ends-before-start', endTimeUnixNano: '1000' }),
        span(12),
      ]),
      null,
      2,
    )
    fs.writeFileSync(pretty, prettyText)
    // Tracescope ndjson: line 3 names a kind no Tracescope knows
    const ndjson = path.join(dir, 'records.ndjson')
    fs.writeFileSync(
      ndjson,
      '{"kind":"session","id":"s1"}\n\n{"kind":"bogus","id":"x"}\n{"kind":"session","id":"s2"}\n',
    )

    const { json, code } = await importJson([jsonl, pretty, ndjson], path.join(dir, 'store.db'))
    expect(code).toBe(1)
    const [a, b, c] = json.files
    expect(a).toMatchObject({ spans: 6, rejected: 1 })
    expect(a.rejections).toEqual([
      {
        line: 3,
        kind: 'span',
        id: hex(6, 16),
        field: 'resourceSpans[0].scopeSpans[0].spans[1]',
        reason: 'resourceSpans[0].scopeSpans[0].spans[1].traceId is required',
      },
    ])
    expect(b).toMatchObject({ spans: 2, rejected: 1 })
    // a pretty-printed span starts on the line of its "{", two lines above its spanId
    expect(b.rejections[0].line).toBe(lineOf(prettyText, hex(12, 16)) - 2)
    expect(b.rejections[0].reason).toMatch(/endTimeUnixNano is before startTimeUnixNano/)
    expect(c).toMatchObject({ accepted: 2, rejected: 1 })
    expect(c.rejections).toEqual([
      { line: 3, kind: 'record', id: null, field: 'kind', reason: 'unknown record kind "bogus"' },
    ])
    // without --json the summary lists each refusal with its line
    const human = await tracescope([
      'import',
      jsonl,
      pretty,
      ndjson,
      '--db',
      path.join(dir, 'again.db'),
    ])
    expect(human.code).toBe(1)
    expect(human.stderr).toContain(
      `line 3: span ${hex(6, 16)}: resourceSpans[0].scopeSpans[0].spans[1].traceId is required`,
    )
    expect(human.stderr).toContain(`line ${b.rejections[0].line}: span ${hex(12, 16)}: `)
    expect(human.stderr).toContain('line 3: record: kind: unknown record kind "bogus"')
  }, 120_000)
})
