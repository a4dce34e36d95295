// The tree a filter expression parses to (filterParse.ts). Every node keeps `at`, the offset of
// its first character in the text, so a later check can point at it. `!=` is parsed as `not`
// around `=`, so evaluators and compilers only meet positive comparisons.
import type { SpanStatus } from '../domain'

/** Fields compared with a pattern (`*` matches any run of characters, everything else is literal). */
export type MatchField = 'agent' | 'name' | 'model' | 'attr'
/** Fields compared as numbers. */
export type NumberField = 'duration' | 'tokens' | 'attr'
export type CompareOp = '=' | '>' | '>=' | '<' | '<='

export type FilterNode =
  | { type: 'and'; items: FilterNode[]; at: number }
  | { type: 'or'; items: FilterNode[]; at: number }
  | { type: 'not'; item: FilterNode; at: number }
  /** full-text find over the span's name, status message and attributes */
  | { type: 'text'; value: string; at: number }
  | { type: 'status'; status: SpanStatus; at: number }
  /** `key` is the attribute key for field 'attr' */
  | { type: 'match'; field: MatchField; key?: string; pattern: string; at: number }
  /** duration in ms; tokens = input + output (or a tool's single count) */
  | { type: 'compare'; field: NumberField; key?: string; op: CompareOp; value: number; at: number }

/** The field names the language knows, for messages and docs. */
export const FILTER_FIELDS = [
  'agent',
  'status',
  'name',
  'model',
  'duration',
  'tokens',
  'attr.<key>',
] as const
