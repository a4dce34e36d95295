// A writer process for the crash scenario: writes batches through the native store forever and
// prints `ack <batch>` on stdout only after write() resolved (= committed). The parent kills it.
// argv: <db> <run> <spansPerBatch> <firstBatch>
import { openStore } from '../../src/main/store/traceStore'
import { crashBatch } from '../lib/records'

const [db, runText, spansText, firstText] = process.argv.slice(2)
const run = Number(runText)
const spans = Number(spansText)
const BASE = Date.UTC(2026, 0, 1)

async function main(): Promise<void> {
  const store = openStore(db, { batchSize: 500, flushIntervalMs: 5 })
  process.stdout.write('ready\n')
  for (let batch = Number(firstText); batch < 1_000_000; batch++) {
    const r = await store.write(crashBatch(run, batch, spans, BASE))
    if (r.rejected.length > 0) {
      process.stdout.write(`rejected ${batch} ${JSON.stringify(r.rejected[0])}\n`)
      process.exit(3)
    }
    // pipes are synchronous on Linux: the line is out before the next write starts
    process.stdout.write(`ack ${batch}\n`)
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`crashWriter: ${(e as Error).stack ?? String(e)}\n`)
  process.exit(2)
})
