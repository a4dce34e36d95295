// A viewer-like reader in its own process: opens the store read-only and runs the viewer's
// queries in a loop for a while (a round, then 20 ms idle, like a view polling for changes);
// prints one JSON line with its latencies and errors.
// argv: <db> <durationMs>
import { openStore } from '../../src/main/store/traceStore'

const [file, durationText] = process.argv.slice(2)
const store = openStore(file, { readOnly: true })
const until = performance.now() + Number(durationText)
const times: number[] = []
const errors: string[] = []
let loops = 0
async function main(): Promise<void> {
  while (performance.now() < until) {
    loops++
    const t0 = performance.now()
    try {
      const sessions = store.listSessions({ limit: 50 })
      const first = sessions.items[0]
      if (first)
        store.listSpans({
          sessionId: first.id,
          since: Date.now() - 10 * 60_000,
          limit: 1000,
          order: 'desc',
        })
      store.listSpans({ limit: 500, order: 'desc' })
      store.listErrors({ limit: 100, resolved: false })
    } catch (e) {
      const err = e as Error & { code?: string }
      if (errors.length < 20) errors.push(`${err.code ?? err.name}: ${err.message}`)
    }
    times.push(performance.now() - t0)
    await new Promise((r) => setTimeout(r, 20))
  }
  await store.close()
  times.sort((a, b) => a - b)
  process.stdout.write(
    JSON.stringify({
      loops,
      errors,
      p50: times[Math.floor(times.length / 2)] ?? 0,
      p99: times[Math.floor(times.length * 0.99)] ?? 0,
    }) + '\n',
  )
}

void main()
