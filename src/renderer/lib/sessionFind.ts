// Find inside one session: span names, ids and agents are matched on the loaded columns at once;
// attributes, status messages, events, errors and messages come from the store's full-text
// index (the `search` channel scoped to the session); the session's own attributes are matched
// here. The result says which spans matched and where, and what matched off any span.
import type { Attributes } from '../../shared/domain'
import type { SearchHit } from '../../shared/queries'
import type { SpanTable } from '../timeline/spanTable'
import { containsTerm } from './textMarks'

/** where a span matched */
export type FindPlace = 'name' | 'agent' | 'attributes' | 'event' | 'error'

export interface ElsewhereMatch {
  /** 'session' for the session's own attributes */
  place: 'session' | 'message' | 'error' | 'event' | 'span'
  title: string
  text: string
}

export interface FindResult {
  /** table rows that matched, in the order given by `rank` */
  rows: number[]
  places: Map<number, Set<FindPlace>>
  elsewhere: ElsewhereMatch[]
}

/** Rows whose name or agent contains the text (case-insensitive), or whose id is the text. */
export function localFind(t: SpanTable, text: string): Map<number, Set<FindPlace>> {
  const q = text.trim().toLowerCase()
  const out = new Map<number, Set<FindPlace>>()
  if (q === '') return out
  for (let i = 0; i < t.count; i++) {
    if (t.names[i].toLowerCase().includes(q) || t.ids[i].toLowerCase() === q)
      out.set(i, new Set(['name']))
    const agent = t.agentIds[i]
    if (agent !== null && agent.toLowerCase().includes(q))
      (out.get(i) ?? out.set(i, new Set()).get(i)!).add('agent')
  }
  return out
}

const PLACE_OF_HIT: Record<SearchHit['type'], FindPlace> = {
  span: 'attributes',
  event: 'event',
  error: 'error',
  message: 'attributes',
}

/**
 * Local matches plus the full-text hits of this session. A hit on a span of the table marks
 * that span; anything else (a message, an error or event without a loaded span) and the
 * session's own attributes are listed as matches elsewhere.
 */
export function mergeFind(
  t: SpanTable,
  local: ReadonlyMap<number, ReadonlySet<FindPlace>>,
  hits: ReadonlyArray<SearchHit>,
  sessionAttributes: Attributes | null,
  terms: ReadonlyArray<string>,
  rank: (i: number) => number,
): FindResult {
  const places = new Map<number, Set<FindPlace>>()
  for (const [i, p] of local) places.set(i, new Set(p))
  const elsewhere: ElsewhereMatch[] = []
  for (const h of hits) {
    const i = h.spanId !== null && h.type !== 'message' ? t.indexOf.get(h.spanId) : undefined
    if (i === undefined) {
      elsewhere.push({ place: h.type, title: h.title, text: h.snippet })
      continue
    }
    const set = places.get(i) ?? places.set(i, new Set()).get(i)!
    // a span hit whose text is only its name is the name match already made locally
    if (h.type !== 'span' || !set.has('name') || containsTerm(snippetBeyondTitle(h), terms))
      set.add(PLACE_OF_HIT[h.type])
  }
  for (const m of jsonMatches(sessionAttributes ?? {}, terms))
    elsewhere.push({ place: 'session', title: m.path, text: m.text })
  const rows = [...places.keys()].sort((a, b) => rank(a) - rank(b))
  return { rows, places, elsewhere }
}

function snippetBeyondTitle(h: SearchHit): string {
  return h.snippet.startsWith(h.title) ? h.snippet.slice(h.title.length) : h.snippet
}

/** Leaves of a JSON value (and keys) that contain a term, with their dotted path. */
export function jsonMatches(
  value: unknown,
  terms: ReadonlyArray<string>,
  path = '',
  out: Array<{ path: string; text: string }> = [],
  depth = 0,
): Array<{ path: string; text: string }> {
  if (terms.length === 0 || depth > 8 || out.length >= 50) return out
  if (value !== null && typeof value === 'object') {
    const entries = Array.isArray(value)
      ? value.map((v, i) => [String(i), v] as const)
      : Object.entries(value as Record<string, unknown>)
    for (const [k, v] of entries) {
      const p = path ? `${path}.${k}` : k
      if (containsTerm(k, terms) && (v === null || typeof v !== 'object'))
        out.push({ path: p, text: String(v) })
      else jsonMatches(v, terms, p, out, depth + 1)
    }
    return out
  }
  if (value === null || value === undefined) return out
  const text = String(value)
  if (containsTerm(text, terms)) out.push({ path, text })
  return out
}

/** true when the value (or a key in it) contains a term: the branches the detail opens. */
export function jsonContains(value: unknown, terms: ReadonlyArray<string>): boolean {
  return jsonMatches(value, terms, '', [], 0).length > 0
}
