// flujo's tokens summed in SQL (flujoUsageScan.ts) against the same file's spans read one by
// one and summed by tokenUsage (what every other adapter does): the same figures, whatever form
// a span's attributes take, on a real file in flujo's own schema.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { safeOpen } from '../../src/main/sources/safeOpen'
import { FlujoSource } from '../../src/main/sources/flujoSource'
import { UsageIndex } from '../../src/main/sources/usageIndex'
import { SHIPPED_PRICES } from '../../src/shared/genai/pricing'
import { runIdOf, writeFlujoTokenRuns } from '../fixtures/flujoTokenRuns'

let dir: string
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ts-flujo-scan-'))
})
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

describe('flujo tokens summed in SQL (usageScan)', () => {
  it('gives what reading every span gives, whatever form the attributes take', () => {
    const odd = path.join(dir, 'odd.db')
    writeFlujoTokenRuns(odd, { runs: 2, steps: 40, recordedEvery: 5 })
    const db = new Database(odd)
    const add = db.prepare(
      `INSERT INTO spans (run_id, span_id, parent_span_id, name, start_time, end_time, status, attributes, created_at)
       VALUES (?, ?, NULL, 'odd', 1, 2, 'completed', ?, '')`,
    )
    const forms: unknown[] = [
      JSON.stringify({ token_counts: '250', cost_usd: 0.5 }), // a count written as text
      JSON.stringify({ token_counts: 12.5 }), // a real
      JSON.stringify({ token_counts: 0, cost_usd: 1 }), // no model called
      JSON.stringify({ token_counts: -3 }),
      JSON.stringify({ 'gen_ai.usage.input_tokens': 10, 'gen_ai.request.model': 'gpt-4o' }),
      JSON.stringify({ token_counts: 7, llm: { model_name: 'x' } }),
      JSON.stringify({ cost_usd: 'free', token_counts: 9 }),
      '{"token_counts": 5', // cut short: not JSON
      Buffer.from(JSON.stringify({ token_counts: 33 })), // a BLOB
      JSON.stringify([{ token_counts: 1 }]),
    ]
    forms.forEach((a, i) => add.run(runIdOf(i % 2), `odd-${i}`, a))
    db.close()
    const conn = safeOpen(odd)
    try {
      const flujo = new FlujoSource(conn)
      const t = SHIPPED_PRICES
      const inSql = new UsageIndex(flujo, { background: false }).parts(undefined, t, true)
      const bySpans = new UsageIndex(
        { listSpans: (q) => flujo.listSpans(q), changeToken: () => flujo.changeToken() },
        { background: false },
      ).parts(undefined, t, true)
      expect(inSql).not.toBe('pending')
      expect(inSql).toEqual(bySpans)
      for (const id of [runIdOf(0), runIdOf(1)])
        expect(new UsageIndex(flujo, { background: false }).totals([id], t)).toEqual(
          new UsageIndex(
            { listSpans: (q) => flujo.listSpans(q), changeToken: () => flujo.changeToken() },
            { background: false },
          ).totals([id], t),
        )
      // and it did sum in SQL: the plain steps are not read as spans
      expect(flujo.usageScan()).not.toBeNull()
    } finally {
      conn.close()
    }
  })
})
