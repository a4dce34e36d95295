// The text of the generated filter parser: peggy's ES-module output for filter.peggy, in a .ts
// file every toolchain here (tsc, vite, vitest, tsx, esbuild) loads the same way. Types come
// from the hand-written wrapper (filterParse.ts), so the generated code is not type-checked.
import fs from 'node:fs'
import path from 'node:path'
import peggy from 'peggy'

export const GRAMMAR = path.resolve(__dirname, '../src/shared/filter/filter.peggy')

export function generateFilterParser(): string {
  const code = peggy.generate(fs.readFileSync(GRAMMAR, 'utf8'), {
    output: 'source',
    format: 'es',
    grammarSource: 'filter.peggy',
  })
  return `// @ts-nocheck\n/* eslint-disable */\n// Generated from filter.peggy by scripts/generateFilterParser.ts — do not edit.\n${code}`
}
