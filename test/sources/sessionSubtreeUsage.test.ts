// The Σ of parent spans of a file only read (sessionSubtreeUsage.ts), on a real flujo file: what
// the totals pass found below each parent span, added up the chains of parents. Chains, a span
// whose parent is not in the run (a root), loops of parent links (each call counted once, also
// for a span hanging below a loop), and attributes in every form a step may take; flujo's SQL
// read of the parent spans gives what reading every span as a page gives; another tool's file
// (MoAI SwarmDB) gives what summing all its spans gives, reading no span's attributes but the
// parents'.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openSource } from '../../src/main/sources/openSource'
import { safeOpen } from '../../src/main/sources/safeOpen'
import { FlujoSource } from '../../src/main/sources/flujoSource'
import { sessionSubtreeUsage } from '../../src/main/sources/sessionSubtreeUsage'
import { MoaiSource } from '../../src/main/sources/moaiSource'
import { readTimeRollup } from '../../src/shared/genai/usageRollup'
import type { SpanQuery } from '../../src/shared/queries'
import { MOAI_AGENT_SESSION, writeMoaiDb } from '../fixtures/moaiFixture'
import { UsageIndex } from '../../src/main/sources/usageIndex'
import { SHIPPED_PRICES } from '../../src/shared/genai/pricing'
import { runIdOf, writeFlujoTokenRuns } from '../fixtures/flujoTokenRuns'

let dir: string
let file: string
const run = runIdOf(0)

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ts-subtree-usage-'))
  file = path.join(dir, 'flujo_state.db')
  // 20 steps, the first 5 a chain under the root (step 0 under the root, step 1 under step 0…)
  writeFlujoTokenRuns(file, { runs: 2, steps: 20, chain: 5, recordedEvery: 3 })
  const db = new Database(file)
  const add = db.prepare(
    `INSERT INTO spans (run_id, span_id, parent_span_id, name, start_time, end_time, status, attributes, created_at)
     VALUES (?, ?, ?, 'odd', 1, 2, 'completed', ?, '')`,
  )
  const tok = (n: number) => JSON.stringify({ token_counts: n })
  for (const [id, parent, attrs] of [
    // a loop of two, with a call hanging below it
    ['loopA', 'loopB', tok(10)],
    ['loopB', 'loopA', tok(20)],
    ['tail', 'loopA', tok(5)],
    ['tailKid', 'tail', tok(1000)],
    // its own parent
    ['self', 'self', tok(7)],
    ['selfKid', 'self', tok(1)],
    // a parent that is not in the run: a root
    ['mid', 'gone', '{}'],
    ['midKid', 'mid', Buffer.from(JSON.stringify({ token_counts: 33 }))],
    ['midKid2', 'mid', JSON.stringify({ token_counts: '12' })],
    // no call below: no Σ
    ['quiet', null, '{}'],
    ['quietKid', 'quiet', '{"token_counts": 5'],
  ] as const)
    add.run(run, id, parent, attrs)
  db.close()
})
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

describe('Σ of parent spans of a file only read', () => {
  it('adds each call up its chain of parents once: chains, roots, loops', () => {
    const src = openSource(file, { overlay: false })
    try {
      const r = src.queries.usageRollup(run)
      expect(r.subtreePending).toBeUndefined()
      const sums = new Map(r.subtree.map((x) => [x.spanId, x.usage]))
      const of = (id: string) => {
        const u = sums.get(id)
        return u && { calls: u.calls, tokens: u.otherTokens }
      }
      // the root: every step (100 + i for i < 20)
      expect(of(`${run}-root`)).toEqual({ calls: 20, tokens: 20 * 100 + 190 })
      expect(of(`${run}-0`)).toEqual({ calls: 5, tokens: 510 })
      expect(of(`${run}-3`)).toEqual({ calls: 2, tokens: 207 })
      // a leaf call has its own figures only, no Σ
      expect(of(`${run}-4`)).toBeUndefined()
      // each span of the loop: the loop's calls and all below it, each once
      expect(of('loopA')).toEqual({ calls: 4, tokens: 1035 })
      expect(of('loopB')).toEqual({ calls: 4, tokens: 1035 })
      expect(of('tail')).toEqual({ calls: 2, tokens: 1005 })
      expect(of('self')).toEqual({ calls: 2, tokens: 8 })
      expect(of('mid')).toEqual({ calls: 2, tokens: 45 })
      expect(of('gone')).toBeUndefined()
      expect(of('quiet')).toBeUndefined()
      // the other run's spans are its own
      expect(r.subtree.every((x) => !x.spanId.startsWith(runIdOf(1)))).toBe(true)
      expect(r.session.calls).toBe(20 + 8)
    } finally {
      src.close()
    }
  })

  it("flujo's SQL read of the parent spans gives what reading every span gives", () => {
    const conn = safeOpen(file)
    try {
      const flujo = new FlujoSource(conn)
      const spansOnly = {
        listSpans: flujo.listSpans.bind(flujo),
        changeToken: flujo.changeToken.bind(flujo),
      }
      const t = SHIPPED_PRICES
      for (const id of [runIdOf(0), runIdOf(1)]) {
        const inSql = new UsageIndex(flujo, { background: false }).childSums(id, t)
        const byPages = new UsageIndex(spansOnly, { background: false }).childSums(id, t)
        expect(inSql).not.toBe('pending')
        if (inSql === 'pending' || byPages === 'pending') return
        expect(inSql).toEqual(byPages)
        const a = sessionSubtreeUsage(flujo, id, inSql, t)
        expect(a.size).toBeGreaterThan(0)
        expect(a).toEqual(sessionSubtreeUsage(spansOnly, id, byPages, t))
      }
    } finally {
      conn.close()
    }
  })
  it('a chain of more parents than flujo hands SQLite as a list: the same Σ, matched here', () => {
    const deep = path.join(dir, 'deep.db')
    writeFlujoTokenRuns(deep, { runs: 1, steps: 2_600, chain: 2_500 })
    const conn = safeOpen(deep)
    try {
      const flujo = new FlujoSource(conn)
      const spansOnly = {
        listSpans: flujo.listSpans.bind(flujo),
        changeToken: flujo.changeToken.bind(flujo),
      }
      const t = SHIPPED_PRICES
      const children = new UsageIndex(flujo, { background: false }).childSums(run, t)
      if (children === 'pending') throw new Error('the pass ran at once')
      expect(children.size).toBe(2_500)
      const sums = sessionSubtreeUsage(flujo, run, children, t)
      // step 0 holds steps 0..2499 below it (tokens 100 + i % 50: 50 rounds of 6,225)
      expect(sums.get(`${run}-0`)).toMatchObject({ calls: 2_500, otherTokens: 50 * 6_225 })
      expect(sums.get(`${run}-root`)).toMatchObject({ calls: 2_600 })
      expect(sums).toEqual(sessionSubtreeUsage(spansOnly, run, children, t))
    } finally {
      conn.close()
    }
  })

  it("another tool's file: every span's Σ, only the parent spans' attributes read", () => {
    const moaiFile = path.join(dir, 'swarm.db')
    writeMoaiDb(moaiFile)
    const conn = safeOpen(moaiFile)
    try {
      const moai = new MoaiSource(conn)
      const decoded: SpanQuery[] = []
      const source = {
        listSpans: (q: SpanQuery) => {
          if (q.withAttributes !== false) decoded.push(q)
          return moai.listSpans(q)
        },
        getSpan: moai.getSpan.bind(moai),
        changeToken: moai.changeToken.bind(moai),
      }
      const t = SHIPPED_PRICES
      const children = new UsageIndex(source, { background: false }).childSums(
        MOAI_AGENT_SESSION,
        t,
      )
      if (children === 'pending') throw new Error('the pass ran at once')
      decoded.length = 0
      const sums = sessionSubtreeUsage(source, MOAI_AGENT_SESSION, children, t)
      expect(sums.size).toBeGreaterThan(0)
      expect(decoded).toEqual([])
      // what adding up every span of the session gives
      const all = moai.listSpans({ sessionId: MOAI_AGENT_SESSION, limit: 100_000 }).items
      const want = readTimeRollup(all, t, false).subtree
      expect(
        [...sums]
          .map(([spanId, u]) => ({ spanId, calls: u.calls, other: u.otherTokens }))
          .sort((a, b) => a.spanId.localeCompare(b.spanId)),
      ).toEqual(
        want
          .map((x) => ({ spanId: x.spanId, calls: x.usage.calls, other: x.usage.otherTokens }))
          .sort((a, b) => a.spanId.localeCompare(b.spanId)),
      )
    } finally {
      conn.close()
    }
  })
})
