// Tokens and cost of files Tracescope only reads (readTimeUsage.ts, usageIndex.ts), through
// openSource on real files: a MoAI SwarmDB file as that tool writes it, a Tracescope store of
// schema v4 (frozen, written by that release) that a read-only open never migrates, and flujo
// files with more token-bearing spans per session than one page.
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openSource } from '../../src/main/sources/openSource'
import Database from 'better-sqlite3'
import { SUBTREE_PAGE } from '../../src/main/sources/sessionSubtreeUsage'
import { USAGE_SCAN_ROWS } from '../../src/main/sources/flujoUsageScan'
import { flujoRunTotals, runIdOf, writeFlujoTokenRuns } from '../fixtures/flujoTokenRuns'
import { writeMoaiDb } from '../fixtures/moaiFixture'
import { tempDir } from '../store/storeTestUtils'

let dir: string | undefined
afterEach(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true })
  dir = undefined
})

function sha(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex')
}

describe('tokens of files Tracescope only reads', () => {
  it('MoAI SwarmDB: task tokens summed per session, unpriced (no model), file untouched', () => {
    dir = tempDir()
    const fx = writeMoaiDb(path.join(dir, 'swarm.db'))
    const before = sha(fx.path)
    const src = openSource(fx.path, { overlay: false })
    try {
      const sessions = src.queries.listSessions({}).items
      const withTokens = sessions.filter((s) => s.usage)
      expect(withTokens.length).toBeGreaterThan(0)
      for (const s of withTokens) {
        expect(s.usage!.otherTokens).toBeGreaterThan(0)
        expect(s.usage!.costUsd).toBeNull()
        expect(s.usage!.unpricedTokens).toBe(s.usage!.otherTokens)
        expect(s.usage!.partial).toBeUndefined()
      }
      const one = src.queries.getSession(withTokens[0].id)!
      expect(one.usage).toEqual(withTokens[0].usage)
    } finally {
      src.close()
    }
    expect(sha(fx.path)).toBe(before)
  })

  it('a Tracescope store of schema v4 opened read-only: summed when read, never migrated', () => {
    dir = tempDir()
    const file = path.join(dir, 'old.db')
    fs.copyFileSync(path.resolve('test/fixtures/stores/store-v4.db'), file)
    const before = sha(file)
    const src = openSource(file, { overlay: false })
    try {
      const a = src.queries.getSession('usage-a')!
      expect(a.usage).toMatchObject({
        inputTokens: 6600,
        outputTokens: 1040,
        unpricedModels: ['frozen-local-model'],
        calls: 3,
      })
      expect(a.usage!.costUsd).toBeGreaterThan(0)
    } finally {
      src.close()
    }
    expect(sha(file)).toBe(before)
  })

  it('sums every span of a session past one page: complete, never "≥"', () => {
    dir = tempDir()
    const file = path.join(dir, 'flujo_state.db')
    const opts = { runs: 2, steps: SUBTREE_PAGE * 2 + 17, recordedEvery: 4, chain: 200 }
    writeFlujoTokenRuns(file, opts)
    const want = flujoRunTotals(opts)
    const src = openSource(file, { overlay: false })
    try {
      const sessions = src.queries.listSessions({}).items
      expect(sessions.map((s) => s.id).sort()).toEqual([runIdOf(0), runIdOf(1)])
      for (const s of sessions) {
        expect(s.usagePending).toBeUndefined()
        expect(s.usage).toMatchObject({
          calls: opts.steps,
          otherTokens: want.tokens,
          recordedCostCalls: want.recordedCalls,
          unpricedTokens: want.unpricedTokens,
        })
        expect(s.usage!.costUsd).toBeCloseTo(want.recordedUsd, 9)
        expect(s.usage!.partial).toBeUndefined()
      }
      const r = src.queries.usageRollup(runIdOf(1))
      expect(r.session.otherTokens).toBe(want.tokens)
      expect(r.byModel.map((m) => [m.model, m.usage.calls])).toEqual([['', opts.steps]])
      // the root's Σ is every step's, past the first page of spans, and says nothing of "at least"
      expect(r.partial).toBe(false)
      const sum = (id: string) => r.subtree.find((x) => x.spanId === `${runIdOf(1)}-${id}`)!.usage
      expect(sum('root')).toMatchObject({ calls: opts.steps, otherTokens: want.tokens })
      expect(sum('root').partial).toBeUndefined()
      expect(sum('root').costUsd).toBeCloseTo(want.recordedUsd, 9)
      // a chain 200 deep: step 0's Σ is steps 0..199 (4 × (100 + … + 149)), step 150's 150..199
      expect(sum('0')).toMatchObject({ calls: 200, otherTokens: 4 * 6225 })
      expect(sum('150')).toMatchObject({ calls: 50, otherTokens: 6225 })
      // a leaf call has no Σ of its own (its usage is shown on it)
      expect(r.subtree.some((x) => x.spanId === `${runIdOf(1)}-199`)).toBe(false)
      // the whole file
      expect(src.queries.usageRollup().session.calls).toBe(opts.steps * 2)
    } finally {
      src.close()
    }
  })

  it('in the background: "pending" until the pass ends, then complete, the token moved', async () => {
    dir = tempDir()
    const file = path.join(dir, 'flujo_state.db')
    // more spans than one step of the pass reads
    const opts = { runs: 3, steps: Math.ceil(USAGE_SCAN_ROWS / 3) + 5 }
    writeFlujoTokenRuns(file, opts)
    const want = flujoRunTotals(opts)
    // a budget of 0 ms: the first page is read at once, the rest between queries
    const src = openSource(file, { overlay: false, usageInBackground: true, usageBudgetMs: 0 })
    try {
      const token = src.queries.changeToken()
      const first = src.queries.getSession(runIdOf(2))!
      expect(first.usagePending).toBe(true)
      expect(first.usage).toBeUndefined()
      expect(src.queries.usageRollup(runIdOf(2)).pending).toBe(true)
      const until = Date.now() + 30_000
      while (src.queries.changeToken() === token && Date.now() < until)
        await new Promise((r) => setTimeout(r, 5))
      expect(src.queries.changeToken()).toBe(token + 1)
      const done = src.queries.getSession(runIdOf(2))!
      expect(done.usagePending).toBeUndefined()
      expect(done.usage).toMatchObject({ calls: opts.steps, otherTokens: want.tokens })
      expect(src.queries.usageRollup(runIdOf(2)).pending).toBeUndefined()
    } finally {
      src.close()
    }
  })

  it('in the background: the Σ of parent spans is "…" until all spans are walked, never partial', async () => {
    dir = tempDir()
    const file = path.join(dir, 'flujo_state.db')
    const opts = { runs: 1, steps: SUBTREE_PAGE * 2 + 5 }
    writeFlujoTokenRuns(file, opts)
    const want = flujoRunTotals(opts)
    const src = openSource(file, { overlay: false, usageInBackground: true, usageBudgetMs: 0 })
    const run = runIdOf(0)
    const moved = async (from: number) => {
      const until = Date.now() + 30_000
      while (src.queries.changeToken() === from && Date.now() < until)
        await new Promise((r) => setTimeout(r, 5))
      expect(src.queries.changeToken()).toBe(from + 1)
    }
    try {
      // the session's totals first (their own pass)
      let token = src.queries.changeToken()
      if (src.queries.getSession(run)!.usagePending) await moved(token)
      token = src.queries.changeToken()
      const first = src.queries.usageRollup(run)
      expect(first.session.calls).toBe(opts.steps)
      expect(first.subtreePending).toBe(true)
      expect(first.subtree).toEqual([])
      await moved(token)
      const done = src.queries.usageRollup(run)
      expect(done.subtreePending).toBeUndefined()
      expect(done.subtree.find((x) => x.spanId === `${run}-root`)!.usage).toMatchObject({
        calls: opts.steps,
        otherTokens: want.tokens,
      })
    } finally {
      src.close()
    }
  })

  it('a file written while open: read again once it changed', () => {
    dir = tempDir()
    const file = path.join(dir, 'flujo_state.db')
    const opts = { runs: 1, steps: 10 }
    writeFlujoTokenRuns(file, opts)
    // a writer holds the file: it is read as a reader of the writer's commits
    const writer = new Database(file)
    writer.pragma('journal_mode = WAL')
    const src = openSource(file, { overlay: false })
    try {
      expect(src.queries.getSession(runIdOf(0))!.usage!.calls).toBe(10)
      writer
        .prepare(
          `INSERT INTO spans (run_id, span_id, parent_span_id, name, start_time, end_time, status, attributes, created_at)
           VALUES (?, 'late', ?, 'late_step', 1, 2, 'completed', ?, '')`,
        )
        .run(runIdOf(0), `${runIdOf(0)}-root`, JSON.stringify({ token_counts: 1000 }))
      const after = src.queries.getSession(runIdOf(0))!.usage!
      expect(after.calls).toBe(11)
      expect(after.otherTokens).toBe(flujoRunTotals(opts).tokens + 1000)
    } finally {
      src.close()
      writer.close()
    }
  })
})
