import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // builds the viewer once before any end-to-end file starts a server
    globalSetup: ['test/e2e/globalSetup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // better-sqlite3 and worker threads: forks isolate native handles per file
    pool: 'forks',
    maxWorkers: 2,
  },
})
