// What a store call costs through a worker (npx tsx bench/workerCallCost.ts): the median of an
// ordinary read (the session list, a 1,000-span page as objects and as columns) through the
// worker service, beside the same call on the handler table in-process. Workers are processes
// (so a query stuck inside SQLite can be killed); this prints what that costs per call.
// Small on purpose: the machine is shared, so the figures are medians of a few dozen calls.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { openStore } from '../src/main/store/traceStore'
import { createOpener } from '../src/main/service/defaultOpener'
import { InProcessStoreService } from '../src/main/service/inProcessService'
import { WorkerStoreService } from '../src/main/service/workerService'
import type { StoreService } from '../src/main/service/storeService'
import type { TraceRecord } from '../src/shared/domain'

const ROUNDS = Number(process.env.ROUNDS ?? 40)

async function seed(file: string): Promise<void> {
  const store = openStore(file)
  const base = Date.UTC(2025, 0, 1)
  const records: TraceRecord[] = [{ kind: 'session', id: 's', name: 'run', startTime: base }]
  for (let i = 0; i < 1000; i++)
    records.push({
      kind: 'span',
      sessionId: 's',
      spanId: `sp${i}`,
      parentSpanId: i ? 'sp0' : null,
      name: `step-${i % 7}`,
      startTime: base + i,
      endTime: base + i + 5,
      status: 'ok',
      attributes: { i, model: 'm', prompt: 'p'.repeat(200) },
    })
  for (let s = 0; s < 50; s++)
    records.push({ kind: 'session', id: `other-${s}`, startTime: base + s })
  await store.write(records)
  await store.close()
}

/** median and fastest call: on a loaded machine the fastest shows the floor of each path */
async function median(fn: () => Promise<unknown>): Promise<string> {
  for (let i = 0; i < 5; i++) await fn()
  const times: number[] = []
  for (let i = 0; i < ROUNDS; i++) {
    const t = performance.now()
    await fn()
    times.push(performance.now() - t)
  }
  times.sort((a, b) => a - b)
  return `${times[Math.floor(times.length / 2)].toFixed(2)} ms (fastest ${times[0].toFixed(2)})`
}

async function measure(service: StoreService): Promise<Record<string, string>> {
  return {
    sessionList: await median(() => service.query('f', 'listSessions', { limit: 100 })),
    spanPage1000: await median(() =>
      service.query('f', 'listSpans', { sessionId: 's', limit: 1000 }),
    ),
    spanColumns1000: await median(() => service.spanColumns('f', { sessionId: 's', limit: 1000 })),
  }
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracescope-callcost-'))
  const file = path.join(dir, 'bench.db')
  await seed(file)
  const out: Record<string, Record<string, string>> = {}
  const inProc = new InProcessStoreService({ opener: createOpener(), onSlowCall: () => undefined })
  await inProc.open({ sourceId: 'f', path: file })
  out.inProcess = await measure(inProc)
  await inProc.shutdown()
  const worker = new WorkerStoreService({ onSlowCall: () => undefined })
  await worker.open({ sourceId: 'f', path: file })
  out.worker = await measure(worker)
  await worker.shutdown()
  fs.rmSync(dir, { recursive: true, force: true })
  for (const [k, v] of Object.entries(out))
    console.log(
      k.padEnd(10),
      Object.entries(v)
        .map(([n, ms]) => `${n} ${ms}`)
        .join('  '),
    )
}

void main()
