// How many source files have a test named after them (test/<area>/<module>.test.ts, or
// <module>.<aspect>.test.ts when a module's tests are split), anywhere under test/. Prints the
// count and, with --missing, the modules without one: a newcomer looks for a module's tests by
// its name. `npx tsx scripts/testNames.ts [--missing]`
import fs from 'node:fs'
import path from 'node:path'

const ROOT = path.resolve(__dirname, '..')

function files(dir: string, keep: (name: string) => boolean): string[] {
  const out: string[] = []
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name)
    if (e.isDirectory()) out.push(...files(p, keep))
    else if (keep(e.name)) out.push(p)
  }
  return out
}

const sources = files(
  path.join(ROOT, 'src'),
  (n) => /\.tsx?$/.test(n) && !n.endsWith('.d.ts') && !n.includes('.generated.'),
)
// a test's module name: its file name up to the first dot (aspect and .electron suffixes dropped)
const tested = new Set(
  files(path.join(ROOT, 'test'), (n) => /\.test\.tsx?$/.test(n)).map(
    (f) => path.basename(f).split('.')[0],
  ),
)
const missing = sources.filter((f) => !tested.has(path.basename(f).replace(/\.tsx?$/, '')))
console.log(
  `${sources.length - missing.length} of ${sources.length} source files have a test named after them`,
)
if (process.argv.includes('--missing'))
  for (const f of missing) console.log(`  ${path.relative(ROOT, f)}`)
