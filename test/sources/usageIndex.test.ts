// The complete totals of a file only read (usageIndex.ts) while a writer changes it, on a real
// flujo file with its writer's connection open: the figures of the last complete pass stand
// (never a partial sum, never "pending" again) until the next pass ends in the background, which
// moves the generation so open views read again.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { FlujoSource } from '../../src/main/sources/flujoSource'
import { safeOpen } from '../../src/main/sources/safeOpen'
import { UsageIndex } from '../../src/main/sources/usageIndex'
import { SHIPPED_PRICES } from '../../src/shared/genai/pricing'
import { runIdOf, writeFlujoTokenRuns } from '../fixtures/flujoTokenRuns'

let dir: string | undefined
afterEach(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true })
  dir = undefined
})

describe('UsageIndex', () => {
  it('a changed file: the last complete figures until the next pass ends', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ts-usage-index-'))
    const file = path.join(dir, 'flujo_state.db')
    writeFlujoTokenRuns(file, { runs: 1, steps: 10 })
    const writer = new Database(file)
    writer.pragma('journal_mode = WAL')
    const conn = safeOpen(file)
    const index = new UsageIndex(new FlujoSource(conn), {
      background: true,
      budgetMs: 0,
      // long enough for the second look to come before it, whatever the machine's load
      minIntervalMs: 1_000,
    })
    const calls = () => {
      const [t] = index.totals([runIdOf(0)], SHIPPED_PRICES)
      return t === 'pending' || t === null ? t : t.calls
    }
    try {
      // a small file: its pass ends within the call that asked, nothing to read again
      expect(calls()).toBe(10)
      expect(index.generation).toBe(0)
      writer
        .prepare(
          `INSERT INTO spans (run_id, span_id, parent_span_id, name, start_time, end_time, status, attributes, created_at)
           VALUES (?, 'late', NULL, 'late_step', 1, 2, 'completed', ?, '')`,
        )
        .run(runIdOf(0), JSON.stringify({ token_counts: 1000 }))
      // within the interval after the last pass: the old figures, whole
      expect(calls()).toBe(10)
      const until = Date.now() + 10_000
      while (index.generation === 0 && Date.now() < until) {
        await new Promise((r) => setTimeout(r, 5))
        calls()
      }
      expect(index.generation).toBe(1)
      expect(calls()).toBe(11)
    } finally {
      index.close()
      conn.close()
      writer.close()
    }
  })
})
