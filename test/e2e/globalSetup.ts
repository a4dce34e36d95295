// vitest globalSetup: build the viewer once before any end-to-end file starts a server, so
// parallel test files never race to build out/renderer (startServer would build it on first
// use otherwise). Reference it from vitest.config.ts: test.globalSetup: ['test/e2e/globalSetup.ts'].
import { ensureRendererBuilt } from '../../src/main/server/rendererBuild'

export default async function setup(): Promise<void> {
  await ensureRendererBuilt({ log: (line) => console.log(`[e2e] ${line}`) })
}
