// The writer of bench/tailBench.ts, in its own process: writes `count` commits `interval` ms
// apart and prints "<id> <commit time ms>" after each commit. argv: <db> <native|sql> <count> <intervalMs>
// native: a span and a log line per commit through Tracescope's store (the SDK's path);
// sql: a Claude-Flow `traces` row with plain better-sqlite3 and busy_timeout 0, so a reader that
// ever made it wait would fail it with SQLITE_BUSY.
import Database from 'better-sqlite3'
import { openStore } from '../src/main/store/traceStore'

const [file, mode, countText, intervalText] = process.argv.slice(2)
const count = Number(countText)
const interval = Number(intervalText)

async function main(): Promise<void> {
  const store = mode === 'native' ? openStore(file, { compressInWorker: false }) : null
  const db = mode === 'sql' ? new Database(file) : null
  db?.pragma('busy_timeout = 0')
  const insert = db?.prepare(
    `INSERT INTO traces (id, session_id, agent_id, type, phase, timestamp, parent_id, correlation_id, data, metadata, performance) VALUES (?,?,?,?,?,?,?,?,?,?,?)`,
  )
  for (let i = 0; i < count; i++) {
    const id = `b${i}`
    const now = Date.now()
    if (store)
      await store.write([
        {
          kind: 'span',
          sessionId: 'bench',
          spanId: id,
          name: 'step',
          startTime: now,
          endTime: now + 1,
        },
        {
          kind: 'event',
          id: `${id}-log`,
          sessionId: 'bench',
          spanId: id,
          time: now,
          name: 'log',
          level: 'info',
          message: id,
        },
      ])
    else
      insert!.run(
        id,
        'bench',
        'agent-1',
        'tool_call',
        'complete',
        now,
        null,
        id,
        '{}',
        '{}',
        '{"duration":1}',
      )
    process.stdout.write(`${id} ${Date.now()}\n`)
    await new Promise((r) => setTimeout(r, interval))
  }
  await store?.close()
  db?.close()
}

void main().catch((e: unknown) => {
  process.stderr.write(String(e instanceof Error ? e.stack : e))
  process.exit(1)
})
