// Tokens and cost at scale: `npx tsx bench/tokenBench.ts [sessions] [spans]`.
//  1. the sessions list with tokens and cost over a native store of N sessions (default 10,000),
//     each with six LLM calls from three agents and two models, written as spans;
//  2. every rollup of one session of M spans (default 1,000,000; a third of them LLM calls):
//     per session, agent and model, and each span's subtree (Σ on parent rows), from the
//     running totals the writer keeps (usage_totals, span_usage).
// Targets: list ≤ 50 ms at 10K sessions, rollups of a 1M-span session ≤ 1 s.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { Dictionary } from '../src/main/store/dictionary'
import { QueryContext } from '../src/main/store/queryContext'
import { openStore } from '../src/main/store/traceStore'
import { usageBySid } from '../src/main/store/sessionUsage'
import { sessionRollup } from '../src/main/store/usageRollupQuery'
import type { TraceRecord } from '../src/shared/domain'

const SESSIONS = Number(process.argv[2] ?? 10_000)
const SPANS = Number(process.argv[3] ?? 1_000_000)
const MODELS = ['gpt-4o-2024-08-06', 'claude-sonnet-4-20250514', 'local-model']

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]
}

const load = (): string =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')

const llm = (i: number) => ({
  'gen_ai.request.model': MODELS[i % MODELS.length],
  'gen_ai.usage.input_tokens': 1200,
  'gen_ai.usage.output_tokens': 300,
  'gen_ai.usage.cache_read.input_tokens': 800,
})

async function sessionList(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ts-token-bench-'))
  const store = openStore(path.join(dir, 'tokens.db'))
  let batch: TraceRecord[] = []
  const t0 = Date.now() - 86_400_000
  for (let s = 0; s < SESSIONS; s++) {
    const sessionId = `run-${s}`
    const base = { kind: 'span' as const, sessionId, startTime: t0 + s, endTime: t0 + s + 10 }
    batch.push({ ...base, spanId: `r${s}`, name: 'run' })
    for (let a = 0; a < 3; a++)
      for (let m = 0; m < 2; m++)
        batch.push({
          ...base,
          spanId: `c${s}-${a}-${m}`,
          parentSpanId: `r${s}`,
          name: 'chat',
          agentId: `agent-${a}`,
          attributes: llm(s + m),
        })
    if (batch.length >= 5000) {
      await store.write(batch)
      batch = []
    }
  }
  await store.write(batch)
  const list = (): number => {
    const t = performance.now()
    let cursor: string | null = null
    let n = 0
    do {
      const page = store.listSessions({ limit: 5000, cursor })
      n += page.items.length
      if (page.items[0]?.usage?.calls !== 6) throw new Error('no usage on the sessions')
      cursor = page.nextCursor
    } while (cursor)
    if (n !== SESSIONS) throw new Error(`listed ${n} sessions, expected ${SESSIONS}`)
    return performance.now() - t
  }
  list()
  const runs = Array.from({ length: 7 }, list)
  // the page the viewer asks for (sourcesSlice.ts: 200 by last activity)
  const pages = Array.from({ length: 7 }, () => {
    const t = performance.now()
    store.listSessions({ limit: 200 })
    return performance.now() - t
  })
  const first = store.listSessions({ limit: 1 }).items[0]
  await store.close()
  // the tokens-and-cost part alone: every session's totals read and priced
  const db = new Database(path.join(dir, 'tokens.db'), { readonly: true })
  const ctx = new QueryContext(db, new Dictionary(db, true))
  const sids = db.prepare('SELECT sid FROM sessions').pluck().all() as number[]
  const usageRuns = Array.from({ length: 7 }, () => {
    const t = performance.now()
    if (usageBySid(ctx, sids).size !== SESSIONS) throw new Error('missing totals')
    return performance.now() - t
  })
  db.close()
  console.log(
    `sessions list with tokens and cost, ${SESSIONS.toLocaleString()} sessions: all of them in pages of 5,000 ` +
      `median ${median(runs).toFixed(1)} ms (runs ${runs.map((r) => r.toFixed(0)).join(', ')}), of which reading ` +
      `and pricing the totals ${median(usageRuns).toFixed(1)} ms; the viewer's page of 200: median ` +
      `${median(pages).toFixed(1)} ms; e.g. ${first.usage?.costUsd?.toFixed(4)} USD; load average ${load()}`,
  )
  fs.rmSync(dir, { recursive: true, force: true })
}

async function rollups(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ts-token-bench-'))
  const file = path.join(dir, 'big.db')
  const store = openStore(file)
  const t0 = Date.now() - 86_400_000
  const tWrite = performance.now()
  // a root, 1,000 agent spans under it, and steps under those; every third step an LLM call
  let batch: TraceRecord[] = []
  for (let i = 0; i < SPANS; i++) {
    const parentSpanId = i === 0 ? undefined : i <= 1000 ? 's0' : `s${1 + (i % 1000)}`
    batch.push({
      kind: 'span',
      sessionId: 'big',
      spanId: `s${i}`,
      parentSpanId,
      name: i > 1000 && i % 3 === 0 ? 'chat' : 'step',
      agentId: `agent-${i % 1000}`,
      startTime: t0 + i,
      endTime: t0 + i + 5,
      attributes: i > 1000 && i % 3 === 0 ? llm(i) : { 'tool.name': 'read_file' },
    })
    if (batch.length >= 5000) {
      await store.write(batch)
      batch = []
    }
  }
  await store.write(batch)
  const writeS = (performance.now() - tWrite) / 1000
  await store.close()
  const db = new Database(file, { readonly: true })
  const ctx = new QueryContext(db, new Dictionary(db, true))
  const sid = ctx.sidOf('big')!
  const runs: number[] = []
  let r = sessionRollup(ctx, sid)
  for (let k = 0; k < 5; k++) {
    const t = performance.now()
    r = sessionRollup(ctx, sid)
    runs.push(performance.now() - t)
  }
  if (r.subtree.get('s0')?.calls !== r.session.calls)
    throw new Error('root Σ differs from the session')
  console.log(
    `rollups of one ${SPANS.toLocaleString()}-span session (${r.session.calls.toLocaleString()} LLM calls; ` +
      `written in ${writeS.toFixed(1)} s) per session, agent (${r.byAgent.size}), model (${r.byModel.size}) ` +
      `and every span's subtree (${r.subtree.size.toLocaleString()} sums): median ${median(runs).toFixed(0)} ms ` +
      `(runs ${runs.map((x) => x.toFixed(0)).join(', ')}); load average ${load()}`,
  )
  db.close()
  fs.rmSync(dir, { recursive: true, force: true })
}

void sessionList().then(rollups)
