// Tokens and cost of files Tracescope only reads (readTimeUsage.ts), through openSource on real
// files: a MoAI SwarmDB file as that tool writes it, and a Tracescope store of schema v4
// (frozen, written by that release) that a read-only open never migrates.
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openSource } from '../../src/main/sources/openSource'
import {
  attachReadTimeUsage,
  PROBE_SPANS,
  SPANS_PER_SESSION,
} from '../../src/main/sources/readTimeUsage'
import type { Session, Span } from '../../src/shared/domain'
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

  it('stops at the budget: a session read in part is partial, later ones get none', () => {
    const spans = (sessionId: string, n: number): Span[] =>
      Array.from(
        { length: n },
        (_, i) =>
          ({
            sessionId,
            traceId: 't',
            spanId: `${sessionId}-${i}`,
            parentSpanId: null,
            name: 'chat',
            startTime: i,
            endTime: i + 1,
            durationMs: 1,
            status: 'ok',
            attributes: { 'gen_ai.request.model': 'gpt-4o', 'gen_ai.usage.input_tokens': 10 },
          }) as unknown as Span,
      )
    const big = spans('big', SPANS_PER_SESSION + 10)
    const small = spans('small', 3)
    const source = {
      // the first page of a session, as every source pages: at most `limit`, with a cursor
      listSpans: (q: { sessionId?: string; limit?: number }) => {
        const all = q.sessionId === 'big' ? big : small
        const items = all.slice(0, q.limit)
        return { items, nextCursor: items.length < all.length ? 'more' : null }
      },
    }
    const session = (id: string, spanCount: number) => ({ id, spanCount }) as Session
    const out = attachReadTimeUsage(
      source as never,
      [session('big', big.length), session('small', 3), session('after', 3)],
      undefined,
      SPANS_PER_SESSION + 3,
    )
    expect(out[0].usage).toMatchObject({ calls: SPANS_PER_SESSION, partial: true })
    expect(out[1].usage).toMatchObject({ calls: 3, inputTokens: 30 })
    expect(out[1].usage!.partial).toBeUndefined()
    expect(out[2].usage).toBeUndefined()
  })

  it('stops looking in a file whose first spans carry no token count', () => {
    const plain = (sessionId: string, n: number, tokens = false): Span[] =>
      Array.from(
        { length: n },
        (_, i) =>
          ({
            sessionId,
            spanId: `${sessionId}-${i}`,
            parentSpanId: null,
            name: 'step',
            startTime: i,
            attributes: tokens ? { 'gen_ai.usage.input_tokens': 5 } : { 'tool.name': 'grep' },
          }) as unknown as Span,
      )
    const spans: Record<string, Span[]> = {
      a: plain('a', PROBE_SPANS),
      b: plain('b', 3, true),
    }
    let reads = 0
    const source = {
      listSpans: (q: { sessionId?: string; limit?: number }) => {
        reads++
        return { items: spans[q.sessionId!].slice(0, q.limit), nextCursor: null }
      },
    }
    const state = { noTokens: false }
    const list = [
      { id: 'a', spanCount: PROBE_SPANS } as Session,
      { id: 'b', spanCount: 3 } as Session,
    ]
    const out = attachReadTimeUsage(source as never, list, undefined, undefined, state)
    expect(out[1].usage).toBeUndefined()
    expect(state.noTokens).toBe(true)
    expect(reads).toBe(1)
    attachReadTimeUsage(source as never, list, undefined, undefined, state)
    expect(reads).toBe(1)
  })
})
