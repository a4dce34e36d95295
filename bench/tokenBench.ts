// Tokens and cost at scale: `npx tsx bench/tokenBench.ts [sessions] [spans]`.
//  1. the sessions list with tokens and cost over a native store of N sessions (default 10,000),
//     each with token sums from three agents and two models, as the collector writes them;
//  2. rolling up one session of M spans (default 1,000,000; a third of them LLM calls) to every
//     ancestor, per agent and per model.
// Targets: list ≤ 50 ms at 10K sessions, rollups of a 1M-span session ≤ 1 s.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { openStore } from '../src/main/store/traceStore'
import type { TraceRecord } from '../src/shared/domain'
import { SHIPPED_PRICES } from '../src/shared/genai/pricing'
import { rollUp, type RollupSpan } from '../src/shared/genai/usageTotals'
import { USAGE_METRICS } from '../src/shared/genai/usage'

const SESSIONS = Number(process.argv[2] ?? 10_000)
const SPANS = Number(process.argv[3] ?? 1_000_000)
const MODELS = ['gpt-4o-2024-08-06', 'claude-sonnet-4-20250514', 'local-model']

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]
}

async function sessionList(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ts-token-bench-'))
  const store = openStore(path.join(dir, 'tokens.db'))
  let batch: TraceRecord[] = []
  const t0 = Date.now() - 86_400_000
  for (let s = 0; s < SESSIONS; s++) {
    const sessionId = `run-${s}`
    batch.push({
      kind: 'span',
      sessionId,
      spanId: `r${s}`,
      name: 'run',
      startTime: t0 + s,
      endTime: t0 + s + 10,
    })
    for (let a = 0; a < 3; a++)
      for (let m = 0; m < 2; m++)
        for (let k = 0; k < 3; k++)
          batch.push({
            kind: 'metric',
            sessionId,
            agentId: `agent-${a}`,
            time: t0 + s,
            name: USAGE_METRICS[k],
            value: 1000 * (k + 1),
            attributes: { spans: 4, 'gen_ai.request.model': MODELS[(s + m) % MODELS.length] },
          })
    if (batch.length >= 5000) {
      await store.write(batch)
      batch = []
    }
  }
  await store.write(batch)
  const list = (withUsage: boolean): number => {
    const t = performance.now()
    let cursor: string | null = null
    let n = 0
    do {
      const page = store.listSessions({ limit: 5000, cursor })
      n += page.items.length
      if (withUsage && !page.items[0]?.usage) throw new Error('no usage on the sessions')
      cursor = page.nextCursor
    } while (cursor)
    if (n !== SESSIONS) throw new Error(`listed ${n} sessions, expected ${SESSIONS}`)
    return performance.now() - t
  }
  list(true)
  const runs = Array.from({ length: 5 }, () => list(true))
  const first = store.listSessions({ limit: 500 })
  const tPage = performance.now()
  for (let i = 0; i < 5; i++) store.listSessions({ limit: 500 })
  const pageMs = (performance.now() - tPage) / 5
  console.log(
    `sessions list with tokens and cost, ${SESSIONS.toLocaleString()} sessions in pages of 5,000: ` +
      `median ${median(runs).toFixed(1)} ms (runs ${runs.map((r) => r.toFixed(0)).join(', ')}); ` +
      `first page of 500: ${pageMs.toFixed(1)} ms; e.g. ${JSON.stringify(first.items[0].usage?.costUsd)} USD`,
  )
  await store.close()
  fs.rmSync(dir, { recursive: true, force: true })
}

function rollups(): void {
  // a root, 1,000 agent spans under it, and steps under those; every third step an LLM call
  const spans: RollupSpan[] = [{ spanId: 's0', parentSpanId: null, agentId: null, attributes: {} }]
  for (let i = 1; i < SPANS; i++) {
    const parent = i <= 1000 ? 's0' : `s${1 + (i % 1000)}`
    const agentId = `agent-${i % 1000}`
    const attributes =
      i > 1000 && i % 3 === 0
        ? {
            'gen_ai.request.model': MODELS[i % MODELS.length],
            'gen_ai.usage.input_tokens': 1200,
            'gen_ai.usage.output_tokens': 300,
            'gen_ai.usage.cache_read.input_tokens': 800,
          }
        : { 'tool.name': 'read_file' }
    spans.push({ spanId: `s${i}`, parentSpanId: parent, agentId, attributes })
  }
  const runs: number[] = []
  let calls = 0
  for (let r = 0; r < 3; r++) {
    const t = performance.now()
    const result = rollUp(spans, SHIPPED_PRICES)
    runs.push(performance.now() - t)
    calls = result.session.calls
  }
  console.log(
    `rollups of one ${SPANS.toLocaleString()}-span session (${calls.toLocaleString()} LLM calls) to every ancestor, ` +
      `agent and model: median ${median(runs).toFixed(0)} ms (runs ${runs.map((r) => r.toFixed(0)).join(', ')})`,
  )
}

void sessionList().then(rollups)
