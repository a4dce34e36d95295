// The ingest side of the load scenario: N realistic spans into the store through the writer queue
// (enqueue + drained, the way the collector and importers feed it), as fast as it takes them.
// Prints `{"n":…,"rss":…}` every 500 ms and `{"done":…}` at the end.
// argv: <db> <spans> <sessions> <baseMs>
import { openStore } from '../../src/main/store/traceStore'
import { loadSpan } from '../lib/records'

const [file, spansText, sessionsText, baseText] = process.argv.slice(2)
const total = Number(spansText)
const sessions = Number(sessionsText)
const base = Number(baseText)

async function main(): Promise<void> {
  const store = openStore(file)
  const t0 = performance.now()
  let peakRss = 0
  let n = 0
  const report = setInterval(() => {
    const rss = process.memoryUsage().rss
    peakRss = Math.max(peakRss, rss)
    process.stdout.write(JSON.stringify({ n, rss, queued: store.counters().queued }) + '\n')
  }, 500)
  const CHUNK = 1000
  while (n < total) {
    const batch = []
    for (let i = 0; i < CHUNK && n + i < total; i++) {
      const k = n + i
      batch.push(loadSpan(k % sessions, Math.floor(k / sessions), base))
    }
    const r = store.enqueue(batch)
    if (r.rejected.length > 0) throw new Error(`rejected: ${JSON.stringify(r.rejected[0])}`)
    n += batch.length
    if (r.backpressure) await store.drained()
    else if (n % 20_000 === 0) await new Promise((res) => setImmediate(res))
  }
  await store.flush()
  const ms = performance.now() - t0
  clearInterval(report)
  peakRss = Math.max(peakRss, process.memoryUsage().rss)
  await store.close()
  process.stdout.write(JSON.stringify({ done: true, n, ms, peakRss }) + '\n')
}

main().catch((e: unknown) => {
  process.stdout.write(JSON.stringify({ fatal: String((e as Error).stack).slice(0, 400) }) + '\n')
  process.exit(2)
})
