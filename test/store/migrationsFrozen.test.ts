// Migrations on the files old releases wrote (test/fixtures/stores, frozen), not on files built
// by today's code: every old version opens, migrates and reads back what was stored, and a step
// that fails leaves the file exactly at its old version.
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { runMigrations, SCHEMA_VERSION } from '../../src/main/store/migrations'
import { openStore } from '../../src/main/store/traceStore'
import { Dictionary } from '../../src/main/store/dictionary'
import { QueryContext } from '../../src/main/store/queryContext'
import { usageBreakdown } from '../../src/main/store/sessionUsage'
import { SHIPPED_PRICES } from '../../src/shared/genai/pricing'
import { rollUp } from '../../src/shared/genai/usageTotals'
import { tempDir } from './storeTestUtils'

const FROZEN = path.resolve('test/fixtures/stores')
const SHA256: Record<string, string> = {
  'store-v1.db': 'a2a0e1c26702113d4f458c37823fc70711dd7895d4d21b4a98825848fbc4b579',
  'store-v2.db': '1cef6a7c8ecba6046632a18b3b561b2f94b10d075a16738402e8bfec6279ebd0',
  'store-v4.db': '53c57f744a2d0afea5132e35a53a40bb593cc52bb320d315182745c9f8e8c3a8',
}

let dir: string | undefined
afterEach(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true })
  dir = undefined
})

function copyOf(name: string): string {
  dir = tempDir()
  const file = path.join(dir as string, name)
  fs.copyFileSync(path.join(FROZEN, name), file)
  return file
}

function schemaAndRows(file: string) {
  const db = new Database(file, { readonly: true })
  try {
    return {
      version: db.pragma('user_version', { simple: true }),
      schema: db.prepare('SELECT type, name, sql FROM sqlite_schema ORDER BY name').all(),
      spans: db.prepare('SELECT * FROM spans ORDER BY rowid').all(),
      sessions: db.prepare('SELECT * FROM sessions ORDER BY sid').all(),
    }
  } finally {
    db.close()
  }
}

describe('frozen stores of older releases', () => {
  it.each(Object.entries(SHA256))('%s is the file that release wrote', (name, sha) => {
    const bytes = fs.readFileSync(path.join(FROZEN, name))
    expect(crypto.createHash('sha256').update(bytes).digest('hex')).toBe(sha)
  })

  it.each(['store-v1.db', 'store-v2.db'])(
    '%s migrates to the newest schema and reads back what it held',
    async (name) => {
      const file = copyOf(name)
      const store = openStore(file)
      try {
        expect(store.info().notes.join(' ')).toMatch(/migrated to schema v/)
        expect(store.getSession('frozen-a')).toMatchObject({
          id: 'frozen-a',
          status: 'completed',
          spanCount: 2,
        })
        expect(store.getSession('frozen-b')).toMatchObject({ status: 'failed', spanCount: 1 })
        const spans = store.listSpans({ sessionId: 'frozen-a' }).items
        spans.sort((a, b) => a.startTime - b.startTime)
        expect(spans.map((s) => [s.spanId, s.name, s.parentSpanId ?? null])).toEqual([
          ['aa00000000000001', 'llm.chat', null],
          ['aa00000000000002', 'tool.call', 'aa00000000000001'],
        ])
        const failed = store.listSpans({ sessionId: 'frozen-b' }).items[0]
        expect(failed).toMatchObject({ status: 'error', statusMessage: 'tool crashed' })
        await store.flush()
        expect(store.search({ text: 'release' }).items.map((h) => h.id)).toEqual([
          'aa00000000000001',
        ])
      } finally {
        await store.close()
      }
      expect(schemaAndRows(file).version).toBe(SCHEMA_VERSION)
    },
  )

  it('store-v4.db migrates to running token totals that match its spans', async () => {
    const file = copyOf('store-v4.db')
    const store = openStore(file)
    try {
      expect(store.info().notes.join(' ')).toMatch(/migrated to schema v5/)
      const a = store.getSession('usage-a')!
      // gpt-4o (current names, cache reads), claude (older names, a gzipped payload),
      // OpenInference with a model that has no price; the gpt-4o call was written twice in place
      expect(a.usage).toMatchObject({
        inputTokens: 1200 + 5000 + 400,
        outputTokens: 300 + 700 + 40,
        cacheReadTokens: 200,
        unpricedTokens: 440,
        unpricedModels: ['frozen-local-model'],
        calls: 3,
      })
      // the same figures as summing the spans' own attributes, read back one by one
      const spans = store.listSpans({ sessionId: 'usage-a', withAttributes: true }).items
      const byHand = rollUp(spans, SHIPPED_PRICES).session
      expect(a.usage!.costUsd).toBeGreaterThan(0)
      expect(a.usage!.costUsd).toBeCloseTo(byHand.costUsd!, 12)
      expect(a.usage).toEqual(byHand)
      // Σ of parent spans from the backfilled parent sums
      expect(store.usageRollup('usage-a').subtree.map((x) => [x.spanId, x.usage.calls])).toEqual([
        ['ab00000000000001', 3],
        ['ab00000000000003', 2],
      ])
      expect(store.getSession('usage-b')!.usage).toMatchObject({
        otherTokens: 900,
        costUsd: null,
        unpricedTokens: 900,
        calls: 1,
      })
    } finally {
      await store.close()
    }
    const db = new Database(file, { readonly: true })
    try {
      const ctx = new QueryContext(db, new Dictionary(db, true))
      const b = usageBreakdown(ctx, ctx.sidOf('usage-a')!)
      expect([...b.byAgent].map(([agent, u]) => [agent, u.calls]).sort()).toEqual([
        ['coder', 2],
        ['planner', 1],
      ])
    } finally {
      db.close()
    }
    // the totals are kept from here on: one more call adds to them
    const again = openStore(file)
    try {
      await again.write({
        kind: 'span',
        sessionId: 'usage-b',
        spanId: 'ab00000000000007',
        name: 'step',
        startTime: 1767603600300,
        attributes: { tokensUsed: 100 },
      })
      expect(again.getSession('usage-b')!.usage).toMatchObject({ otherTokens: 1000, calls: 2 })
    } finally {
      await again.close()
    }
  })

  it.each(['store-v1.db', 'store-v2.db', 'store-v4.db'])(
    'a step that fails on %s leaves the file at its old version, schema and rows as they were',
    (name) => {
      const file = copyOf(name)
      const db = new Database(file)
      // enough spans that every later step's tables and indexes need new pages (v3's covering
      // index carries the status message, so it outgrows the index it replaces)
      const add = db.prepare(
        `INSERT INTO spans (session, start_time, span_id, name, end_time, status, status_message)
         VALUES (2, ?, ?, 2, ?, 2, ?)`,
      )
      db.transaction(() => {
        for (let i = 0; i < 2000; i++) {
          const id = Buffer.alloc(8)
          id.writeUInt32BE(i + 1, 4)
          add.run(1_000 + i, id, 2_000 + i, `step ${i} failed: `.padEnd(120, 'x'))
        }
      })()
      const before = schemaAndRows(file)
      // a real failure inside a real migration step: the database may not grow, so the next
      // step's new tables or indexes hit SQLITE_FULL
      const pages = db.pragma('page_count', { simple: true }) as number
      db.pragma(`max_page_count = ${pages}`)
      let caught: unknown
      try {
        runMigrations(db)
      } catch (err) {
        caught = err
      }
      db.close()
      expect((caught as { code?: string } | undefined)?.code).toBe('SQLITE_FULL')
      expect(schemaAndRows(file)).toEqual(before)
    },
  )
})
