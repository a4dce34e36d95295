import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { GRAMMAR, generateFilterParser } from '../../../scripts/filterParserSource'

const GENERATED = path.resolve(__dirname, '../../../src/shared/filter/filterGrammar.generated.ts')
const STALE = 'filterGrammar.generated.ts is older than filter.peggy: run `npm run build:grammar`'

describe('filterGrammar.generated.ts', () => {
  // a boolean, not toBe(text): a stale parser would otherwise print two 1,400-line files
  it('is what peggy generates from filter.peggy today', () => {
    expect(fs.readFileSync(GENERATED, 'utf8') === generateFilterParser(), STALE).toBe(true)
  })

  it('would be stale after any change of a rule (the comparison above can fail)', () => {
    const grammar = fs.readFileSync(GRAMMAR, 'utf8')
    const changed = grammar.replace('"-" item:Primary', '"~" item:Primary')
    expect(changed).not.toBe(grammar)
    expect(fs.readFileSync(GENERATED, 'utf8') === generateFilterParser(changed)).toBe(false)
  })

  it('says at its top that it is generated, and how to regenerate it', () => {
    const top = fs.readFileSync(GENERATED, 'utf8').split('\n').slice(0, 5).join('\n')
    expect(top).toContain('GENERATED FILE — do not edit')
    expect(top).toContain('npm run build:grammar')
  })
})
