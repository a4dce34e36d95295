// `npm run mutate`: makes each small breakage in mutations.ts, one at a time, runs the tests that
// should notice it, and reports which ones the suite fails to catch. The source file is restored
// after every run (also on Ctrl-C). Exit 1 when any breakage survives.
//   npm run mutate                   every breakage
//   npm run mutate -- --only id,id   some of them
//   npm run mutate -- --list         list them
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { applyMutation, MUTATIONS, type Mutation } from './mutations'

const root = path.resolve(__dirname, '../..')
const args = process.argv.slice(2)
const only = args.includes('--only') ? args[args.indexOf('--only') + 1]?.split(',') : undefined

if (args.includes('--list')) {
  for (const m of MUTATIONS) console.log(`${m.id.padEnd(32)} ${m.file}  — ${m.breaks}`)
  process.exit(0)
}

const chosen = only ? MUTATIONS.filter((m) => only.includes(m.id)) : MUTATIONS
const unknown = (only ?? []).filter((id) => !MUTATIONS.some((m) => m.id === id))
if (unknown.length) {
  console.error(`mutate: unknown breakage ${unknown.join(', ')} (see --list)`)
  process.exit(2)
}

let restore: (() => void) | null = null
for (const sig of ['SIGINT', 'SIGTERM'] as const)
  process.on(sig, () => {
    restore?.()
    process.exit(130)
  })

interface Outcome {
  mutation: Mutation
  caught: boolean
  seconds: number
  failedTests: string[]
}

function run(m: Mutation): Outcome {
  const file = path.join(root, m.file)
  const original = fs.readFileSync(file, 'utf8')
  restore = () => fs.writeFileSync(file, original)
  const t0 = Date.now()
  try {
    fs.writeFileSync(file, applyMutation(original, m))
    const res = spawnSync('npx', ['vitest', 'run', '--reporter=json', ...m.tests], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, CI: 'true' },
      timeout: 10 * 60_000,
      maxBuffer: 64 * 1024 * 1024,
    })
    const failedTests = failedTestNames(res.stdout)
    return {
      mutation: m,
      caught: res.status !== 0,
      seconds: (Date.now() - t0) / 1000,
      failedTests,
    }
  } finally {
    restore()
    restore = null
  }
}

function failedTestNames(json: string): string[] {
  try {
    const report = JSON.parse(json.slice(json.indexOf('{'))) as {
      testResults: { assertionResults: { status: string; fullName: string }[] }[]
    }
    return report.testResults.flatMap((f) =>
      f.assertionResults.filter((a) => a.status === 'failed').map((a) => a.fullName),
    )
  } catch {
    return []
  }
}

console.log(`mutate: ${chosen.length} breakages, load average ${os.loadavg()[0].toFixed(2)}`)
const outcomes: Outcome[] = []
for (const m of chosen) {
  const o = run(m)
  outcomes.push(o)
  const mark = o.caught ? 'caught ' : 'MISSED '
  console.log(`${mark} ${m.id.padEnd(32)} ${o.seconds.toFixed(1).padStart(6)} s  ${m.breaks}`)
  if (o.caught && o.failedTests[0]) console.log(`         by: ${o.failedTests[0]}`)
}
const missed = outcomes.filter((o) => !o.caught)
console.log(
  `mutate: ${outcomes.length - missed.length} of ${outcomes.length} caught` +
    (missed.length ? `; missed: ${missed.map((o) => o.mutation.id).join(', ')}` : ''),
)
process.exit(missed.length ? 1 : 0)
