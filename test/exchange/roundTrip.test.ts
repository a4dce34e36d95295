import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importFile } from '../../src/main/exchange/importFile'
import { openStore } from '../../src/main/store/traceStore'
import type { TraceStore } from '../../src/main/store/storeApi'
import type { TraceRecord } from '../../src/shared/domain'
import { tempDir } from '../fixtures/seedWriters'
import { canonicalRecord } from '../../src/main/exchange/records'
import {
  canonicalOf,
  exportToFile,
  exportToString,
  richRecords,
  storeWith,
} from './exchangeHelpers'

let dir: string
let cleanup: () => void
let source: TraceStore

beforeAll(async () => {
  ;({ dir, cleanup } = tempDir('ts-roundtrip-'))
  source = await storeWith(path.join(dir, 'source.db'), richRecords())
})
afterAll(async () => {
  await source.close()
  cleanup()
})

it('an ndjson export holds exactly the records that were written', async () => {
  const written = richRecords().map(canonicalRecord).sort()
  expect(canonicalOf(await exportToString(source, 'ndjson'), 'ndjson')).toEqual(written)
})

describe.each(['json', 'ndjson'] as const)('%s round trip', (format) => {
  it('export → import into a fresh store → export gives the same records', async () => {
    const first = path.join(dir, `first.${format}`)
    await exportToFile(source, format, first)
    const firstText = fs.readFileSync(first, 'utf8')
    const target = openStore(path.join(dir, `target-${format}.db`))
    try {
      const res = await importFile(target, first)
      expect(res.format).toBe(format === 'json' ? 'tracescope-json' : 'tracescope-ndjson')
      expect(res.rejected).toBe(0)
      const again = await exportToString(target, format)
      const a = canonicalOf(firstText, format)
      const b = canonicalOf(again, format)
      expect(a.length).toBe(richRecords().length)
      expect(b).toEqual(a)
    } finally {
      await target.close()
    }
  })
})

describe('OTLP JSON Lines import', () => {
  it('imports one OTLP request per line through the OTLP mapping', async () => {
    const doc = JSON.parse(await exportToString(source, 'otlp')) as { resourceSpans: unknown[] }
    const file = path.join(dir, 'requests.jsonl')
    fs.writeFileSync(
      file,
      doc.resourceSpans.map((rs) => JSON.stringify({ resourceSpans: [rs] })).join('\n') + '\n',
    )
    const target = openStore(path.join(dir, 'jsonl.db'))
    try {
      const res = await importFile(target, file)
      expect(res.format).toBe('otlp-jsonl')
      expect(res.rejected).toBe(0)
      expect(res.counts.span).toBe(richRecords().filter((r) => r.kind === 'span').length)
      const beta = target.getSession('run-beta')
      expect(beta?.spanCount).toBe(12)
      // a session split over several lines keeps its earliest start
      expect(beta?.startTime).toBe(
        richRecords().find(
          (r): r is Extract<TraceRecord, { kind: 'span' }> =>
            r.kind === 'span' && r.sessionId === 'run-beta',
        )!.startTime,
      )
    } finally {
      await target.close()
    }
  })

  it('rejects a file that is neither, naming what it expected', async () => {
    const file = path.join(dir, 'other.json')
    fs.writeFileSync(file, '{"hello": [1, 2, 3]}')
    const target = openStore(path.join(dir, 'other.db'))
    try {
      await expect(importFile(target, file)).rejects.toThrow(
        /neither a Tracescope export .* nor OTLP/,
      )
    } finally {
      await target.close()
    }
  })
})
