#!/usr/bin/env node
// Runs the compiled CLI (dist/, built by `npm run build:package`, which `npm install` runs in a
// checkout through `prepare`). TRACESCOPE_FROM_SOURCE=1 runs the TypeScript sources through tsx
// instead: the tests do, so they never run a stale build (tsx is a development dependency).
const fs = require('node:fs')
const path = require('node:path')

const built = path.join(__dirname, '..', 'dist', 'cli', 'index.js')
const source = path.join(__dirname, '..', 'src', 'cli', 'index.ts')
if (process.env.TRACESCOPE_FROM_SOURCE === '1' || !fs.existsSync(built)) {
  if (!fs.existsSync(source)) {
    process.stderr.write(`tracescope: ${built} is missing; reinstall the package\n`)
    process.exit(1)
  }
  require('tsx/cjs/api').register()
  require(source)
} else {
  require(built)
}
