import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { generateFilterParser } from '../../../scripts/filterParserSource'

describe('filterGrammar.generated.ts', () => {
  it('is what peggy generates from filter.peggy today (run scripts/generateFilterParser.ts)', () => {
    const committed = fs.readFileSync(
      path.resolve(__dirname, '../../../src/shared/filter/filterGrammar.generated.ts'),
      'utf8',
    )
    expect(committed === generateFilterParser()).toBe(true)
  })
})
