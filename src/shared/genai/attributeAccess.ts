// Reading GenAI attributes whichever way they were stored. OTLP spans arrive with flat dotted
// keys (`gen_ai.prompt.0.content`); the library's tracer keeps whatever object it was given, so
// the same data may be nested (`{ gen_ai: { prompt: [{ content }] } }`) or a JSON text. These
// helpers give one view over all three.
import type { Attributes } from '../domain'

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array)
}

/** Looks `key` up flat first, then through nested objects split at any of its dots. */
export function attr(attrs: Attributes, key: string): unknown {
  const flat = attrs[key]
  if (flat !== undefined) return flat
  return nested(attrs, key, 0)
}

function nested(obj: unknown, key: string, depth: number): unknown {
  if (depth > 12 || (!isPlainObject(obj) && !Array.isArray(obj))) return undefined
  const o = obj as Record<string, unknown>
  if (depth > 0 && o[key] !== undefined) return o[key]
  // try every split point: `a.b.c` may be {a: {b: {c}}}, {'a.b': {c}} or {a: {'b.c'}}
  for (let i = key.indexOf('.'); i !== -1; i = key.indexOf('.', i + 1)) {
    const head = o[key.slice(0, i)]
    if (head === undefined || head === null || typeof head !== 'object') continue
    const found = nested(head, key.slice(i + 1), depth + 1)
    if (found !== undefined) return found
  }
  return undefined
}

/** True when any attribute value is an object or array (then keys may be nested). */
export function hasNestedValues(attrs: Attributes): boolean {
  for (const k in attrs) {
    const v = attrs[k]
    if (v !== null && typeof v === 'object') return true
  }
  return false
}

/**
 * Every leaf under `prefix` as flat keys relative to it: `{ '0.role': 'user', '0.content': … }`.
 * Nested arrays and objects are walked, so both storage forms give the same keys.
 */
export function flatUnder(attrs: Attributes, prefix: string): Map<string, unknown> {
  const out = new Map<string, unknown>()
  const dotted = prefix + '.'
  for (const k in attrs) {
    if (k.startsWith(dotted)) walk(attrs[k], k.slice(dotted.length), out)
  }
  const root = nested(attrs, prefix, 0) ?? attrs[prefix]
  if (root !== undefined && typeof root === 'object' && root !== null) walk(root, '', out)
  return out
}

function walk(v: unknown, path: string, out: Map<string, unknown>): void {
  if (Array.isArray(v)) {
    v.forEach((x, i) => walk(x, path ? `${path}.${i}` : String(i), out))
  } else if (isPlainObject(v)) {
    for (const k in v) walk(v[k], path ? `${path}.${k}` : k, out)
  } else if (path && !out.has(path)) {
    out.set(path, v)
  }
}

/** The distinct leading numbers of indexed keys (`3.role` → 3), in ascending order. */
export function indexes(flat: Map<string, unknown>): number[] {
  const seen = new Set<number>()
  for (const k of flat.keys()) {
    const dot = k.indexOf('.')
    const n = Number(dot === -1 ? k : k.slice(0, dot))
    if (Number.isInteger(n) && n >= 0) seen.add(n)
  }
  return [...seen].sort((a, b) => a - b)
}

/** Keys under `n.` of an indexed flat map, with that prefix removed. */
export function entry(flat: Map<string, unknown>, n: number): Map<string, unknown> {
  const out = new Map<string, unknown>()
  const p = `${n}.`
  for (const [k, v] of flat) if (k.startsWith(p)) out.set(k.slice(p.length), v)
  return out
}

/** JSON text parsed when it looks like JSON; any other value returned as it is. */
export function parseJsonish(v: unknown): unknown {
  if (typeof v !== 'string') return v
  const t = v.trimStart()
  if (t[0] !== '[' && t[0] !== '{' && t[0] !== '"') return v
  try {
    return JSON.parse(v) as unknown
  } catch {
    return v
  }
}

/** A non-empty string, a number spelled as text, or null. */
export function textOf(v: unknown): string | null {
  if (typeof v === 'string') return v === '' ? null : v
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v)
  return null
}

/** A finite token count from a number or numeric string, else null. */
export function countOf(v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN
  return Number.isFinite(n) && n >= 0 ? n : null
}
