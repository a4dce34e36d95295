// The one evaluator of a filter over spans in memory: other tools' readers apply it to their
// pages (src/main/sources/filteredSpans.ts), live views to new spans. The native store compiles
// the same tree to SQL (src/main/store/filterSql.ts) and calls spanModel / spanTokens /
// attributeMatches from here for what SQL cannot read itself, so both give the same answers.
import type { Attributes, Span } from '../domain'
import { attr, textOf } from '../genai/attributeAccess'
import { MODEL_KEYS, tokenUsage, totalTokens } from '../genai/usage'
import type { CompareOp, FilterNode } from './filterAst'
import { textMatches } from './filterValues'
import { globMatch } from './glob'

/** The span fields an evaluation reads. */
export type FilterableSpan = Pick<
  Span,
  | 'name'
  | 'agentId'
  | 'status'
  | 'statusMessage'
  | 'startTime'
  | 'endTime'
  | 'durationMs'
  | 'attributes'
>

/** true when `span` matches `node`; a null tree (empty filter) matches every span. */
export function evaluateFilter(node: FilterNode | null, span: FilterableSpan): boolean {
  if (node === null) return true
  switch (node.type) {
    case 'and':
      return node.items.every((i) => evaluateFilter(i, span))
    case 'or':
      return node.items.some((i) => evaluateFilter(i, span))
    case 'not':
      return !evaluateFilter(node.item, span)
    case 'text':
      return textMatches(node.value, span.name, span.statusMessage, span.attributes)
    case 'status':
      return span.status === node.status
    case 'match':
      switch (node.field) {
        case 'agent':
          return span.agentId !== null && globMatch(node.pattern, span.agentId)
        case 'name':
          return globMatch(node.pattern, span.name)
        case 'model': {
          const model = spanModel(span.attributes)
          return model !== null && globMatch(node.pattern, model)
        }
        case 'attr':
          return attributeMatches(span.attributes, node.key ?? '', node.pattern)
      }
      return false
    case 'compare': {
      const value =
        node.field === 'duration'
          ? durationOf(span)
          : node.field === 'tokens'
            ? spanTokens(span.attributes)
            : attributeNumber(span.attributes, node.key ?? '')
      return value !== null && compareNumbers(value, node.op, node.value)
    }
  }
}

function durationOf(s: FilterableSpan): number | null {
  if (s.durationMs !== null) return s.durationMs
  return s.endTime === null ? null : s.endTime - s.startTime
}

export function compareNumbers(a: number, op: CompareOp, b: number): boolean {
  switch (op) {
    case '=':
      return a === b
    case '>':
      return a > b
    case '>=':
      return a >= b
    case '<':
      return a < b
    case '<=':
      return a <= b
  }
}

/** The model of an LLM span (response model, else request model), as the genai helpers read it. */
export function spanModel(attrs: Attributes): string | null {
  for (const k of MODEL_KEYS) {
    const m = textOf(attr(attrs, k))
    if (m) return m
  }
  return null
}

/** Input + output tokens (or a tool's single count), null when the span has no token count. */
export function spanTokens(attrs: Attributes): number | null {
  const u = tokenUsage(attrs)
  return u === null ? null : totalTokens(u)
}

/** `attr.key:pattern`: the value as text (numbers and booleans as written) matches the pattern. */
export function attributeMatches(attrs: Attributes, key: string, pattern: string): boolean {
  const v = attr(attrs, key)
  if (v === undefined || v === null) return false
  const text = typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v)
  return globMatch(pattern, text)
}

/** The attribute as a number (a number, or text that is one), for `attr.key>n`. */
export function attributeNumber(attrs: Attributes, key: string): number | null {
  const v = attr(attrs, key)
  if (typeof v === 'number') return Number.isFinite(v) ? v : null
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v)
    return Number.isFinite(n) ? n : null
  }
  return null
}

/** true when evaluating the tree reads the span's attributes (text, model, tokens, attr.*). */
export function needsAttributes(node: FilterNode | null): boolean {
  if (node === null) return false
  switch (node.type) {
    case 'and':
    case 'or':
      return node.items.some(needsAttributes)
    case 'not':
      return needsAttributes(node.item)
    case 'text':
      return true
    case 'match':
      return node.field === 'model' || node.field === 'attr'
    case 'compare':
      return node.field !== 'duration'
    case 'status':
      return false
  }
}
