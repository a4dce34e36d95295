// The writer's running token totals (usageLedger.ts), observed through the session the store
// reads back: spans written once, written again in place, moved to another agent or model, and
// sessions deleted by retention.
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { openStore } from '../../src/main/store/traceStore'
import type { TraceRecord } from '../../src/shared/domain'
import { openTempStore, T0, type TempStore } from './storeTestUtils'

let t: TempStore | undefined
afterEach(async () => {
  await t?.cleanup()
  t = undefined
})

type SpanRecord = Extract<TraceRecord, { kind: 'span' }>

function call(
  spanId: string,
  attributes: Record<string, unknown> | undefined,
  extra: Partial<SpanRecord> = {},
): SpanRecord {
  return {
    kind: 'span',
    sessionId: 's',
    spanId,
    name: 'chat',
    startTime: T0,
    endTime: T0 + 10,
    ...(attributes && { attributes }),
    ...extra,
  }
}

const gpt = (input: number, output: number) => ({
  'gen_ai.response.model': 'gpt-4o-2024-08-06',
  'gen_ai.usage.input_tokens': input,
  'gen_ai.usage.output_tokens': output,
})

function totalsRows(file: string): unknown[] {
  const db = new Database(file, { readonly: true })
  try {
    return db
      .prepare('SELECT agent, model, calls, input, output FROM usage_totals ORDER BY agent, model')
      .all()
  } finally {
    db.close()
  }
}

describe('running token totals', () => {
  it('counts a span written in the SDK form, not only through the collector', async () => {
    t = openTempStore()
    await t.store.write([call('a1', gpt(1_000_000, 0)), call('a2', gpt(0, 100_000))])
    const u = t.store.getSession('s')!.usage!
    expect(u).toMatchObject({ inputTokens: 1_000_000, outputTokens: 100_000, calls: 2 })
    // 1M input × $2.50 + 100K output × $10 per million (gpt-4o)
    expect(u.costUsd).toBeCloseTo(3.5, 10)
  })

  it('counts a span written again in place once: start without tokens, end with them', async () => {
    t = openTempStore()
    await t.store.write([call('a1', undefined, { endTime: undefined })])
    expect(t.store.getSession('s')!.usage).toBeUndefined()
    await t.store.write([call('a1', gpt(100, 10))])
    await t.store.write([call('a1', gpt(100, 10))])
    // the same span resent in one batch, too
    await t.store.write([call('a1', gpt(100, 10)), call('a1', gpt(100, 10))])
    expect(t.store.getSession('s')!.usage).toMatchObject({
      inputTokens: 100,
      outputTokens: 10,
      calls: 1,
    })
    expect(t.store.getSession('s')!.spanCount).toBe(1)
  })

  it('a rewrite with new counts replaces the old ones; one without attributes keeps them', async () => {
    t = openTempStore()
    await t.store.write([call('a1', gpt(100, 10)), call('a2', gpt(5, 5))])
    await t.store.write([call('a1', gpt(300, 30))])
    await t.store.write([call('a2', undefined)])
    expect(t.store.getSession('s')!.usage).toMatchObject({
      inputTokens: 305,
      outputTokens: 35,
      calls: 2,
    })
  })

  it('moves a span to its new agent and model, leaving no empty row behind', async () => {
    t = openTempStore()
    await t.store.write([call('a1', gpt(100, 10), { agentId: 'planner' })])
    await t.store.write([
      call(
        'a1',
        { 'gen_ai.request.model': 'mystery-model', 'gen_ai.usage.input_tokens': 7 },
        {
          agentId: 'coder',
        },
      ),
    ])
    expect(t.store.getSession('s')!.usage).toMatchObject({
      inputTokens: 7,
      outputTokens: 0,
      costUsd: null,
      unpricedTokens: 7,
      unpricedModels: ['mystery-model'],
      calls: 1,
    })
    const rows = totalsRows(t.file) as Array<{ model: string; calls: number }>
    expect(rows.map((r) => [r.model, r.calls])).toEqual([['mystery-model', 1]])
  })

  it('a rewrite that drops the token counts takes the span out of the totals', async () => {
    t = openTempStore()
    await t.store.write([call('a1', gpt(100, 10)), call('a2', gpt(1, 1))])
    await t.store.write([call('a1', { note: 'no tokens any more' })])
    expect(t.store.getSession('s')!.usage).toMatchObject({ inputTokens: 1, calls: 1 })
  })

  it('keeps only the shares of the records that got written when one fails inside SQLite', async () => {
    t = openTempStore()
    await t.store.write([call('a0', gpt(1, 1))])
    const store2 = openStore(t.file)
    // a trigger stands in for any failure only SQLite sees, here after the span row was written
    // (planted after opening: a store that already holds one is refused, see ownSchema.ts)
    const raw = new Database(t.file)
    raw.exec(`CREATE TRIGGER poison BEFORE INSERT ON span_usage
      WHEN NEW.span_id = 'poisoned' BEGIN SELECT RAISE(ABORT, 'poisoned share refused'); END`)
    raw.close()
    try {
      const result = await store2.write([
        call('a1', gpt(10, 1)),
        call('poisoned', gpt(1000, 1000)),
        call('a3', gpt(30, 3)),
      ])
      expect(result.rejected.map((r) => [r.index, r.reason])).toEqual([
        [1, 'poisoned share refused'],
      ])
      expect(store2.getSession('s')!.usage).toMatchObject({
        inputTokens: 41,
        outputTokens: 5,
        calls: 3,
      })
      expect(store2.getSession('s')!.spanCount).toBe(3)
      // a rewrite in place that fails after its old share was taken out: the old share stays
      const raw2 = new Database(t.file)
      raw2.exec(`CREATE TRIGGER poison_update BEFORE UPDATE ON span_usage
        WHEN NEW.input = 999 BEGIN SELECT RAISE(ABORT, 'poisoned rewrite refused'); END`)
      raw2.close()
      const again = await store2.write([call('a1', gpt(999, 1)), call('a4', gpt(4, 0))])
      expect(again.rejected.map((r) => r.reason)).toEqual(['poisoned rewrite refused'])
      expect(store2.getSession('s')!.usage).toMatchObject({
        inputTokens: 45,
        outputTokens: 5,
        calls: 4,
      })
    } finally {
      await store2.close()
    }
  })

  it('retention deletes a session with its totals', async () => {
    t = openTempStore()
    await t.store.write([call('a1', gpt(100, 10), { startTime: T0 - 40 * 86_400_000 })])
    await t.store.write([
      { ...call('b1', gpt(1, 1)), sessionId: 'fresh', startTime: Date.now(), endTime: Date.now() },
    ])
    const report = await t.store.maintain({ retentionDays: 30 })
    expect(report.deletedSessions).toBe(1)
    const rows = totalsRows(t.file) as unknown[]
    expect(rows).toHaveLength(1)
    expect(t.store.getSession('fresh')!.usage).toMatchObject({ inputTokens: 1, calls: 1 })
  })

  it('archiving moves a session with its totals, agents remapped to the archive', async () => {
    t = openTempStore()
    const old = T0 - 40 * 86_400_000
    await t.store.write([
      call('a1', gpt(100, 10), { startTime: old, endTime: old + 1, agentId: 'planner' }),
      call('a2', gpt(1, 1), { startTime: old + 2, endTime: old + 3, parentSpanId: 'a1' }),
    ])
    const before = t.store.usageRollup('s')
    const archive = path.join(t.dir, 'archive.db')
    const report = await t.store.maintain({ archiveTo: archive, archiveOlderThanDays: 30 })
    expect(report.archivedSessions).toBe(1)
    expect(t.store.getSession('s')).toBeNull()
    const arc = openStore(archive)
    try {
      const after = arc.usageRollup('s')
      expect(after.session).toEqual(before.session)
      expect(after.byAgent.map((a) => a.agentId).sort()).toEqual(['', 'planner'])
      expect(after.subtree).toEqual(before.subtree)
    } finally {
      await arc.close()
    }
  })
})
