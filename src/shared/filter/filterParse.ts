// Text → FilterNode: runs the peggy parser (filterGrammar.generated.ts, from filter.peggy), then
// checks what the grammar leaves open — field names, values, units, sizes — so every error
// names the column it is at and what was expected there. Hostile input is refused before
// the parser recurses: the text's length and its parenthesis depth are checked first.
import { MAX_NESTING } from '../nesting'
import { FILTER_FIELDS, type CompareOp, type FilterNode } from './filterAst'
import { parse as peggyParse, SyntaxError as PeggySyntaxError } from './filterGrammar.generated'
import { parseDuration, STATUS_HELP, statusOf } from './filterValues'

/** Longest expression accepted, in characters. */
export const MAX_FILTER_LENGTH = 2000
/** Longest single value or free-text term. */
export const MAX_LITERAL = 500
/** Most comparisons and text terms in one expression (SQLite's expression depth stays far off). */
export const MAX_TERMS = 64

export class FilterSyntaxError extends Error {
  constructor(
    /** 0-based offset into the text the error points at */
    readonly position: number,
    /** what the message says was expected there */
    readonly expected: string,
    message: string,
  ) {
    super(`column ${position + 1}: ${message}`)
    this.name = 'FilterSyntaxError'
  }
}

export type FilterParse =
  { ok: true; ast: FilterNode | null } | { ok: false; error: FilterSyntaxError }

const NUMBER_FIELDS = new Set(['duration', 'tokens'])
const MATCH_FIELDS = new Set(['agent', 'name', 'model'])
const FIELD_LIST = `${FILTER_FIELDS.slice(0, -1).join(', ')} or ${FILTER_FIELDS.at(-1)}`

interface RawCompare {
  type: 'compare'
  field: string
  key: string | null
  op: string
  value: string
  quoted: boolean
  at: number
  valueAt: number
}
type RawNode =
  | { type: 'and' | 'or'; items: RawNode[]; at: number }
  | { type: 'not'; item: RawNode; at: number }
  | { type: 'text'; value: string; at: number }
  | RawCompare

/**
 * Parses a filter expression. An empty or blank text gives `ast: null` (everything matches).
 * Never throws and never recurses deeper than MAX_NESTING on any input.
 */
export function parseFilter(text: string): FilterParse {
  try {
    return { ok: true, ast: parseFilterOrThrow(text) }
  } catch (err) {
    if (err instanceof FilterSyntaxError) return { ok: false, error: err }
    throw err
  }
}

/** parseFilter that throws FilterSyntaxError. */
export function parseFilterOrThrow(text: string): FilterNode | null {
  if (text.length > MAX_FILTER_LENGTH)
    throw new FilterSyntaxError(
      MAX_FILTER_LENGTH,
      'a shorter filter',
      `the filter is ${text.length} characters long; at most ${MAX_FILTER_LENGTH} are accepted`,
    )
  checkParenDepth(text)
  let raw: RawNode | null
  try {
    raw = (peggyParse as (input: string) => unknown)(text) as RawNode | null
  } catch (err) {
    if (err instanceof PeggySyntaxError) throw fromPeggy(err as unknown as PeggyError, text)
    // the bounds above keep the parser's recursion shallow; should a stack still run out, the
    // caller gets an error about the filter rather than an exception
    if (err instanceof RangeError)
      throw new FilterSyntaxError(0, 'a simpler filter', 'the filter is too complex to read')
    throw err
  }
  if (raw === null) return null
  const counter = { terms: 0 }
  return check(raw, 0, counter)
}

/** Parentheses deeper than MAX_NESTING, counted outside quotes, are refused before parsing. */
function checkParenDepth(text: string): void {
  let depth = 0
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (quoted) {
      if (c === '\\') i++
      else if (c === '"') quoted = false
    } else if (c === '"') quoted = true
    else if (c === '(' && ++depth > MAX_NESTING)
      throw new FilterSyntaxError(
        i,
        'fewer parentheses',
        `parentheses nest deeper than ${MAX_NESTING} levels`,
      )
    else if (c === ')') depth = Math.max(0, depth - 1)
  }
}

interface PeggyError {
  expected: Array<{ type: string; text?: string; description?: string }> | null
  found: string | null
  location: { start: { offset: number } }
}

function fromPeggy(err: PeggyError, text: string): FilterSyntaxError {
  const at = err.location.start.offset
  const wanted = new Set<string>()
  for (const e of err.expected ?? []) {
    if (e.type === 'literal') wanted.add(JSON.stringify(e.text))
    else if (e.type === 'end') wanted.add('the end of the filter')
    else if (e.type === 'other' && e.description && e.description !== 'whitespace')
      wanted.add(e.description)
  }
  const list = [...wanted]
  const expected =
    list.length <= 1
      ? (list[0] ?? 'something else')
      : `${list.slice(0, -1).join(', ')} or ${list.at(-1)}`
  const found =
    err.found === null ? 'the end of the filter' : JSON.stringify(text.slice(at, at + 12))
  return new FilterSyntaxError(at, expected, `expected ${expected} but found ${found}`)
}

function check(n: RawNode, depth: number, counter: { terms: number }): FilterNode {
  if (depth > MAX_NESTING)
    throw new FilterSyntaxError(
      n.at,
      'a flatter filter',
      `the filter nests deeper than ${MAX_NESTING} levels`,
    )
  switch (n.type) {
    case 'and':
    case 'or':
      return { type: n.type, items: n.items.map((i) => check(i, depth + 1, counter)), at: n.at }
    case 'not':
      return { type: 'not', item: check(n.item, depth + 1, counter), at: n.at }
    case 'text':
      countTerm(n.at, counter)
      checkLiteral(n.value, n.at)
      return { type: 'text', value: n.value, at: n.at }
    case 'compare': {
      countTerm(n.at, counter)
      checkLiteral(n.value, n.valueAt)
      const node = compare(n)
      // `!=` is `not` around `=`: evaluators and compilers see positive comparisons only
      return n.op === '!=' ? { type: 'not', item: node, at: n.at } : node
    }
  }
}

function countTerm(at: number, counter: { terms: number }): void {
  if (++counter.terms > MAX_TERMS)
    throw new FilterSyntaxError(at, 'fewer terms', `the filter has more than ${MAX_TERMS} terms`)
}

function checkLiteral(value: string, at: number): void {
  if (value.length > MAX_LITERAL)
    throw new FilterSyntaxError(
      at,
      'a shorter value',
      `a value of ${value.length} characters; at most ${MAX_LITERAL} are accepted`,
    )
}

function compare(n: RawCompare): FilterNode {
  const op = n.op === ':' || n.op === '!=' ? '=' : (n.op as CompareOp)
  const equality = op === '='
  if (n.value === '')
    throw new FilterSyntaxError(n.valueAt, 'a value', `expected a value after "${shown(n)}"`)
  if (n.field === 'status') {
    if (!equality) throw badOp(n, 'status compares with : = or !=')
    const status = statusOf(n.value)
    if (!status) throw badValue(n, STATUS_HELP)
    return { type: 'status', status, at: n.at }
  }
  if (MATCH_FIELDS.has(n.field)) {
    if (!equality) throw badOp(n, `${n.field} compares with : = or !=`)
    return { type: 'match', field: n.field as 'agent', pattern: n.value, at: n.at }
  }
  if (NUMBER_FIELDS.has(n.field)) {
    const value = n.field === 'duration' ? durationOf(n.value) : numberOf(n.value)
    if (value === null)
      throw badValue(
        n,
        n.field === 'duration'
          ? 'a duration like 250ms, 2s, 1.5m or 1h (a bare number is ms)'
          : 'a number',
      )
    return { type: 'compare', field: n.field as 'duration', op, value, at: n.at }
  }
  if (n.field === 'attr') {
    if (n.key === null || n.key === '')
      throw new FilterSyntaxError(
        n.at + 5,
        'an attribute key',
        'expected an attribute key after "attr."',
      )
    checkLiteral(n.key, n.at)
    if (equality) return { type: 'match', field: 'attr', key: n.key, pattern: n.value, at: n.at }
    const value = numberOf(n.value)
    if (value === null) throw badValue(n, `a number (attr.${n.key}${n.op} compares numbers)`)
    return { type: 'compare', field: 'attr', key: n.key, op, value, at: n.at }
  }
  throw new FilterSyntaxError(
    n.at,
    FIELD_LIST,
    `unknown field "${n.field}": expected ${FIELD_LIST} (put text with a colon in quotes)`,
  )
}

function numberOf(text: string): number | null {
  if (!/^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(text)) return null
  const n = Number(text)
  return Number.isFinite(n) ? n : null
}

function durationOf(text: string): number | null {
  return numberOf(text) ?? parseDuration(text)
}

function badOp(n: RawCompare, why: string): FilterSyntaxError {
  return new FilterSyntaxError(
    n.at + n.field.length,
    ': = or !=',
    `"${n.op}" does not apply here: ${why}`,
  )
}

function badValue(n: RawCompare, expected: string): FilterSyntaxError {
  return new FilterSyntaxError(
    n.valueAt,
    expected,
    `expected ${expected} after "${shown(n)}" but found ${JSON.stringify(n.value)}`,
  )
}

/** The field and operator as typed, for messages. */
function shown(n: RawCompare): string {
  return `${n.field === 'attr' ? `attr.${n.key ?? ''}` : n.field}${n.op}`
}
