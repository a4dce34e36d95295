// A filter tree (src/shared/filter) as a WHERE clause on the store's `spans s`.
// What the row itself holds compiles to plain SQL on the covering index spans_session_time:
// status, duration (end_time - start_time), agent and name (dictionary ids; a `*` pattern is a
// GLOB over `dict`, seeking by its prefix through dict's unique index). Free text is the
// full-text index (search_fts), as for SpanQuery.text. What only the attributes payload holds
// (model, tokens, attr.*) goes through SQL functions that call the shared evaluator's readers
// (filterEvaluate.ts), so a span matches here exactly when it matches in memory.
// Plans (asserted in test/store/filterSql.test.ts): one session with status, a name prefix or an
// agent stays a range scan of spans_session_time; an agent across sessions reads only that
// agent's sessions (agents_agent), as listSpans does for agentIds.
import type Database from 'better-sqlite3'
import type { SpanStatus } from '../../shared/domain'
import type { FilterNode } from '../../shared/filter'
import {
  attributeMatches,
  attributeNumber,
  spanModel,
  spanTokens,
} from '../../shared/filter/filterEvaluate'
import { globMatch, hasWildcard, toSqlGlob } from '../../shared/filter/glob'
import type { Attributes } from '../../shared/domain'
import { decodePayload } from './payloadCodec'
import type { QueryContext } from './queryContext'

const STATUS_CODE: Record<SpanStatus, number> = { unset: 0, ok: 1, error: 2 }

export interface SqlFragment {
  sql: string
  params: unknown[]
}

/** Free text → an FTS5 query of quoted terms (all must match), so user input is never syntax. */
export function toMatchQuery(text: string): string {
  const terms = text
    .split(/\s+/)
    .map((t) => t.replace(/"/g, '""'))
    .filter((t) => t.length > 0)
  return terms.map((t) => `"${t}"`).join(' ') || '""'
}

/** The span rows whose full-text document matches `text` (nothing when the file has no index). */
export function spanTextClause(ctx: QueryContext, text: string): SqlFragment {
  if (!ctx.hasSearch) return { sql: '0', params: [] }
  return {
    sql: 's.rowid IN (SELECT rowid >> 2 FROM search_fts WHERE search_fts MATCH ? AND (rowid & 3) = 0)',
    params: [toMatchQuery(text)],
  }
}

/** `node` as one SQL condition on `spans s`; NULL never leaks out of a `not`. */
export function compileFilterSql(ctx: QueryContext, node: FilterNode): SqlFragment {
  switch (node.type) {
    case 'and':
    case 'or': {
      const parts = node.items.map((i) => compileFilterSql(ctx, i))
      return {
        sql: `(${parts.map((p) => p.sql).join(node.type === 'and' ? ' AND ' : ' OR ')})`,
        params: parts.flatMap((p) => p.params),
      }
    }
    case 'not': {
      // a comparison with a NULL column is NULL, and NOT NULL is NULL: the evaluator says
      // "does not match" (false) for a missing value, so `not` of it must be true here too
      const inner = compileFilterSql(ctx, node.item)
      return { sql: `NOT ifnull(${inner.sql}, 0)`, params: inner.params }
    }
    case 'text':
      return spanTextClause(ctx, node.value)
    case 'status':
      return { sql: 's.status = ?', params: [STATUS_CODE[node.status]] }
    case 'match':
      switch (node.field) {
        case 'agent':
          return dictMatch(ctx, 's.agent', node.pattern)
        case 'name':
          return dictMatch(ctx, 's.name', node.pattern)
        case 'model':
          return { sql: 'tracescope_model_match(s.attributes, ?)', params: [node.pattern] }
        case 'attr':
          return {
            sql: 'tracescope_attr_match(s.attributes, ?, ?)',
            params: [node.key ?? '', node.pattern],
          }
      }
      break
    case 'compare': {
      const value =
        node.field === 'duration'
          ? { sql: '(s.end_time - s.start_time)', params: [] as unknown[] }
          : node.field === 'tokens'
            ? { sql: 'tracescope_tokens(s.attributes)', params: [] }
            : { sql: 'tracescope_attr_number(s.attributes, ?)', params: [node.key ?? ''] }
      return { sql: `${value.sql} ${node.op} ?`, params: [...value.params, node.value] }
    }
  }
  throw new Error(`unknown filter node ${JSON.stringify(node)}`)
}

/** A dictionary-coded column against a pattern: one id, or the ids GLOB finds. */
function dictMatch(ctx: QueryContext, column: string, pattern: string): SqlFragment {
  if (!hasWildcard(pattern)) {
    const id = ctx.dict.find(pattern)
    return id === null ? { sql: '0', params: [] } : { sql: `${column} = ?`, params: [id] }
  }
  return {
    sql: `${column} IN (SELECT id FROM dict WHERE value GLOB ?)`,
    params: [toSqlGlob(pattern)],
  }
}

/**
 * Without a session, a filter that requires an agent (a top-level `agent:` term) reads only
 * the sessions that agent worked in, through agents_agent, instead of every span.
 */
export function agentSessionsClause(node: FilterNode): SqlFragment | null {
  const terms = node.type === 'and' ? node.items : [node]
  const agent = terms.find((t) => t.type === 'match' && t.field === 'agent')
  if (!agent || agent.type !== 'match') return null
  return hasWildcard(agent.pattern)
    ? {
        sql: 's.session IN (SELECT session FROM agents WHERE agent IN (SELECT id FROM dict WHERE value GLOB ?))',
        params: [toSqlGlob(agent.pattern)],
      }
    : {
        sql: 's.session IN (SELECT session FROM agents WHERE agent = (SELECT id FROM dict WHERE value = ?))',
        params: [agent.pattern],
      }
}

/**
 * Registers the payload readers on a connection. Each decodes the attributes once per row:
 * the last payload decoded is kept, so three terms on one span decode it once.
 * `directOnly`: only SQL Tracescope prepares may call them — never a view, trigger, index
 * expression or generated column of the file (SQLite refuses such a use as unsafe), so a
 * hostile file's schema cannot reach them, whatever trusted_schema says.
 */
export function registerFilterFunctions(db: Database.Database): void {
  let lastStored: unknown = undefined
  let lastAttrs: Attributes = {}
  const attrsOf = (stored: unknown): Attributes => {
    if (stored === lastStored && stored !== undefined) return lastAttrs
    let attrs: Attributes
    try {
      attrs = decodePayload<Attributes>(stored, {})
    } catch {
      attrs = {} // an unreadable payload matches no attribute term, like a missing one
    }
    lastStored = stored
    lastAttrs = attrs !== null && typeof attrs === 'object' ? attrs : {}
    return lastAttrs
  }
  const opts = { deterministic: true, directOnly: true, varargs: false }
  db.function('tracescope_model_match', opts, (stored: unknown, pattern: unknown) => {
    const model = spanModel(attrsOf(stored))
    return model !== null && globMatch(String(pattern), model) ? 1 : 0
  })
  db.function('tracescope_attr_match', opts, (stored: unknown, key: unknown, pattern: unknown) =>
    attributeMatches(attrsOf(stored), String(key), String(pattern)) ? 1 : 0,
  )
  db.function('tracescope_attr_number', opts, (stored: unknown, key: unknown) =>
    attributeNumber(attrsOf(stored), String(key)),
  )
  db.function('tracescope_tokens', opts, (stored: unknown) => spanTokens(attrsOf(stored)))
}
