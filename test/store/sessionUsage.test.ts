// Session tokens and cost from the writer's running token totals (usage_totals): summed per
// session, agent and model, priced when read, and found through the table's primary key.
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Dictionary } from '../../src/main/store/dictionary'
import { QueryContext } from '../../src/main/store/queryContext'
import { totalsSql, usageBreakdown, usageBySid } from '../../src/main/store/sessionUsage'
import { otlpTracesToRecords } from '../../src/main/otlp/otlpTraces'
import { openTempStore, type TempStore } from './storeTestUtils'

let t: TempStore

function llmSpan(session: string, id: string, model: string, input: number, output: number) {
  return {
    traceId: '0af7651916cd43dd8448eb211c80319c',
    spanId: id,
    name: 'chat',
    startTimeUnixNano: '1700000000000000000',
    endTimeUnixNano: '1700000001000000000',
    attributes: [
      { key: 'gen_ai.conversation.id', value: { stringValue: session } },
      { key: 'gen_ai.request.model', value: { stringValue: model } },
      { key: 'gen_ai.usage.input_tokens', value: { intValue: String(input) } },
      { key: 'gen_ai.usage.output_tokens', value: { intValue: String(output) } },
    ],
  }
}

beforeAll(async () => {
  t = openTempStore()
  // two requests, as the collector would receive them: the totals add up across requests
  for (const spans of [
    [
      llmSpan('a', 'a000000000000001', 'gpt-4o', 1_000_000, 0),
      llmSpan('a', 'a000000000000002', 'mystery', 10, 5),
    ],
    [
      llmSpan('a', 'a000000000000003', 'gpt-4o-2024-08-06', 0, 100_000),
      llmSpan('b', 'b000000000000001', 'mystery', 7, 0),
    ],
  ]) {
    const { records } = otlpTracesToRecords({ resourceSpans: [{ scopeSpans: [{ spans }] }] })
    await t.store.write(records)
  }
})
afterAll(async () => {
  await t.cleanup()
})

describe('session usage in the native store', () => {
  it('adds the totals up per session, prices them, and counts the unpriced tokens', () => {
    const sessions = t.store.listSessions({}).items
    const a = sessions.find((s) => s.id === 'a')!
    expect(a.usage).toMatchObject({
      inputTokens: 1_000_010,
      outputTokens: 100_005,
      unpricedTokens: 15,
      unpricedModels: ['mystery'],
      calls: 3,
    })
    // 1M input × $2.50 + 100K output × $10 per million (gpt-4o)
    expect(a.usage!.costUsd).toBeCloseTo(3.5, 10)
    expect(t.store.getSession('b')!.usage).toMatchObject({ costUsd: null, unpricedTokens: 7 })
  })

  it('breaks one session down by agent and by model', () => {
    const db = new Database(t.file, { readonly: true })
    try {
      const ctx = new QueryContext(db, new Dictionary(db, true))
      const sid = ctx.sidOf('a')!
      const b = usageBreakdown(ctx, sid)
      expect(b.session.calls).toBe(3)
      expect([...b.byModel.keys()].sort()).toEqual(['gpt-4o', 'gpt-4o-2024-08-06', 'mystery'])
      expect(b.byModel.get('mystery')).toMatchObject({ costUsd: null, unpricedTokens: 15 })
      expect(b.byModel.get('gpt-4o')!.costUsd).toBeCloseTo(2.5, 10)
      expect([...b.byAgent.values()].reduce((n, u) => n + u.calls, 0)).toBe(3)
    } finally {
      db.close()
    }
  })

  it('finds the totals through the usage_totals primary key', async () => {
    await t.store.close()
    const db = new Database(t.file, { readonly: true })
    try {
      const ctx = new QueryContext(db, new Dictionary(db, true))
      const sids = (db.prepare('SELECT sid FROM sessions').pluck().all() as number[]).sort()
      expect(usageBySid(ctx, sids).size).toBe(2)
      const plan = (
        db.prepare(`EXPLAIN QUERY PLAN ${totalsSql(sids.length)}`).all(...sids) as Array<{
          detail: string
        }>
      )
        .map((r) => r.detail)
        .join('\n')
      expect(plan).toMatch(/SEARCH usage_totals USING PRIMARY KEY \(session=\?\)/)
      expect(plan).not.toMatch(/SCAN usage_totals/)
    } finally {
      db.close()
    }
  })
})
