// Generates src/shared/filter/filterGrammar.generated.ts from filter.peggy with peggy. The
// parser is committed (so a clean clone runs without a build step) and
// test/shared/filter/filterGrammar.test.ts fails when it is older than the grammar.
//   npm run build:grammar                            writes the file
//   npx tsx scripts/generateFilterParser.ts --check  exit 1 when the committed file differs
import fs from 'node:fs'
import path from 'node:path'
import { generateFilterParser } from './filterParserSource'

const TARGET = path.resolve(__dirname, '../src/shared/filter/filterGrammar.generated.ts')

const source = generateFilterParser()
if (process.argv.includes('--check')) {
  const same = fs.existsSync(TARGET) && fs.readFileSync(TARGET, 'utf8') === source
  process.stderr.write(same ? 'filter parser is up to date\n' : `${TARGET} is out of date\n`)
  process.exit(same ? 0 : 1)
}
fs.writeFileSync(TARGET, source)
process.stderr.write(`wrote ${TARGET}\n`)
