import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { defineConfig } from 'vitest/config'

// Every run gets its own app data folder: tests must never read or write the user's (a
// resolution overlay left there by an earlier run changed what later runs' live tests saw).
const testHome = fs.mkdtempSync(path.join(os.tmpdir(), 'tracescope-test-home-'))

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // builds the viewer once before any end-to-end file starts a server
    globalSetup: ['test/e2e/globalSetup.ts'],
    // child processes run bin/tracescope.cjs on the sources under test, never a stale dist/
    env: { TRACESCOPE_FROM_SOURCE: '1', TRACESCOPE_HOME: testHome },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // better-sqlite3 and worker threads: forks isolate native handles per file
    pool: 'forks',
    maxWorkers: 2,
  },
})
