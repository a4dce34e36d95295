// The SDK as an agent's own project loads it: plain `node`, no tsx of its own, through the
// package's `exports` (ESM import and CommonJS require) from a folder outside this repository.
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as sdk from '../../src/lib'

const ROOT = path.resolve(__dirname, '..', '..')
const run = promisify(execFile)
let project: string

beforeAll(() => {
  // what `npm install <path to tracescope>` leaves: a link in node_modules
  project = fs.mkdtempSync(path.join(os.tmpdir(), 'ts-sdk-user-'))
  fs.writeFileSync(path.join(project, 'package.json'), '{ "name": "agent", "private": true }')
  fs.mkdirSync(path.join(project, 'node_modules'))
  fs.symlinkSync(ROOT, path.join(project, 'node_modules', 'tracescope'), 'dir')
})
afterAll(() => fs.rmSync(project, { recursive: true, force: true }))

const runtimeNames = Object.keys(sdk)
  .filter((k) => k !== 'default')
  .sort()

describe('import … from "tracescope" in plain Node', () => {
  it('ES modules get every export of src/lib/index.ts, and a traced run lands in the file', async () => {
    const db = path.join(project, 'esm.db')
    fs.writeFileSync(
      path.join(project, 'agent.mjs'),
      `import * as sdk from 'tracescope'
import { openStore, createTracer } from 'tracescope'
const storage = openStore(process.argv[2])
const sessionId = await storage.createSession('nightly run')
const tracer = createTracer(storage, { sessionId, agentId: 'planner' })
await tracer.withSpan('plan', async () => tracer.startSpan('call tool', { tool: 'search' }).end())
await storage.close()
console.log(JSON.stringify(Object.keys(sdk).filter((k) => k !== 'default').sort()))
`,
    )
    const { stdout } = await run(process.execPath, ['agent.mjs', db], { cwd: project })
    expect(JSON.parse(stdout)).toEqual(runtimeNames)
    const file = new Database(db, { readonly: true })
    const names = file.prepare('SELECT d.value FROM spans s JOIN dict d ON d.id = s.name').pluck()
    expect(names.all().sort()).toEqual(['call tool', 'plan'])
    file.close()
  })

  it('CommonJS require gets the same exports', async () => {
    fs.writeFileSync(
      path.join(project, 'agent.cjs'),
      `console.log(JSON.stringify(Object.keys(require('tracescope')).sort()))`,
    )
    const { stdout } = await run(process.execPath, ['agent.cjs'], { cwd: project })
    expect(JSON.parse(stdout)).toEqual(runtimeNames)
  })
})
