import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // builds the viewer once before any end-to-end file starts a server
    globalSetup: ['test/e2e/globalSetup.ts'],
    // child processes run bin/tracescope.cjs on the sources under test, never a stale dist/
    env: { TRACESCOPE_FROM_SOURCE: '1' },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // better-sqlite3 and worker threads: forks isolate native handles per file
    pool: 'forks',
    maxWorkers: 2,
  },
})
