// `tracescope serve` for the benchmarks, in a process of its own: its CPU time is then the
// server's alone, not mixed with the Playwright client's (which receives a copy of every
// WebSocket frame through DevTools). Started by fork with BENCH_SERVE={dbPath, rendererDir};
// sends its URL to the parent once listening, and closes when the parent disconnects.
import { startServer } from '../src/main/server/startServer'

async function main(): Promise<void> {
  const { dbPath, rendererDir } = JSON.parse(process.env.BENCH_SERVE ?? '{}') as {
    dbPath: string
    rendererDir: string
  }
  const server = await startServer({ dbPath, rendererDir, log: () => undefined })
  process.send?.({ url: server.url })
  process.once('disconnect', () => {
    void server.close().then(() => process.exit(0))
  })
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
