// `npm run torture`: runs every scenario (or those named with --only a,b) at TORTURE_SCALE
// (quick | full), prints the table of figures and the failures/findings; with --json the last
// line is one JSON object. Exit code 1 when an invariant failed (findings do not fail the run).
import { countsFor, scaleFromEnv } from './scale'
import { SCENARIOS } from './scenarios'
import { formatTable, summary } from './table'
import type { ScenarioResult } from './types'

async function main(): Promise<number> {
  const argv = process.argv.slice(2)
  const json = argv.includes('--json')
  const onlyAt = argv.indexOf('--only')
  const only = onlyAt >= 0 ? (argv[onlyAt + 1] ?? '').split(',').filter(Boolean) : null
  const scale = scaleFromEnv()
  const counts = countsFor(scale)
  const chosen = SCENARIOS.filter((s) => !only || only.includes(s.name))
  if (only && chosen.length !== only.length) {
    const known = SCENARIOS.map((s) => s.name).join(', ')
    process.stderr.write(`unknown scenario in --only ${only.join(',')}; known: ${known}\n`)
    return 2
  }
  const results: ScenarioResult[] = []
  process.stderr.write(`torture: scale ${scale} ${JSON.stringify(counts)}\n`)
  for (const s of chosen) {
    process.stderr.write(`torture: ${s.name} …\n`)
    try {
      results.push(await s.run(counts))
    } catch (e) {
      results.push({
        name: s.name,
        rows: [],
        failures: [`${s.name} crashed the harness: ${(e as Error).stack ?? String(e)}`],
        findings: [],
        ms: 0,
      })
    }
    process.stderr.write(
      `torture: ${s.name} done in ${((results.at(-1)?.ms ?? 0) / 1000).toFixed(1)} s\n`,
    )
  }
  process.stdout.write(`\nTracescope torture — scale ${scale}, ${new Date().toISOString()}\n\n`)
  process.stdout.write(formatTable(results) + '\n\n' + summary(results) + '\n')
  const failures = results.reduce((n, r) => n + r.failures.length, 0)
  if (json) {
    process.stdout.write(
      JSON.stringify({
        scale,
        counts,
        failures,
        findings: results.flatMap((r) => r.findings),
        results: results.map((r) => ({
          name: r.name,
          ms: r.ms,
          rows: r.rows,
          failures: r.failures,
        })),
      }) + '\n',
    )
  }
  return failures > 0 ? 1 : 0
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`torture: ${(e as Error).stack ?? String(e)}\n`)
    process.exit(2)
  },
)
