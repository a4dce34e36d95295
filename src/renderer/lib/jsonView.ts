// Folded pretty JSON: a value becomes nodes the span detail draws lazily; only opened
// branches are expanded, and long strings are cut until the user asks for all of them.

export interface JsonEntry {
  key: string
  /** 'object' | 'array' for branches, the JS type otherwise */
  type: 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null' | 'other'
  /** one-line summary: the value for leaves, `{3 keys}` / `[12 items]` for branches */
  summary: string
  value: unknown
  /** true when the summary had to be cut */
  truncated: boolean
}

export const LEAF_CHARS = 200

export function jsonEntries(value: unknown, maxChars = LEAF_CHARS): JsonEntry[] {
  if (Array.isArray(value)) return value.map((v, i) => entry(String(i), v, maxChars))
  if (value !== null && typeof value === 'object')
    return Object.entries(value as Record<string, unknown>).map(([k, v]) => entry(k, v, maxChars))
  return [entry('', value, maxChars)]
}

export function entry(key: string, v: unknown, maxChars = LEAF_CHARS): JsonEntry {
  if (Array.isArray(v))
    return {
      key,
      type: 'array',
      summary: `[${v.length} item${v.length === 1 ? '' : 's'}]`,
      value: v,
      truncated: false,
    }
  if (v === null) return { key, type: 'null', summary: 'null', value: v, truncated: false }
  if (typeof v === 'object') {
    const n = Object.keys(v as object).length
    return {
      key,
      type: 'object',
      summary: `{${n} key${n === 1 ? '' : 's'}}`,
      value: v,
      truncated: false,
    }
  }
  if (typeof v === 'string') {
    const parsed = parseEmbeddedJson(v)
    if (parsed !== undefined)
      return {
        ...entry(key, parsed, maxChars),
        summary: entry(key, parsed, maxChars).summary + ' (JSON text)',
      }
    const s = JSON.stringify(v)
    return {
      key,
      type: 'string',
      summary: cut(s, maxChars),
      value: v,
      truncated: s.length > maxChars,
    }
  }
  if (typeof v === 'number')
    return { key, type: 'number', summary: String(v), value: v, truncated: false }
  if (typeof v === 'boolean')
    return { key, type: 'boolean', summary: String(v), value: v, truncated: false }
  return { key, type: 'other', summary: cut(String(v), maxChars), value: v, truncated: false }
}

function cut(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n)}…` : s
}

/** Payloads often arrive as JSON inside a string; show them as structure. */
export function parseEmbeddedJson(s: string): unknown {
  const t = s.trim()
  if (t.length < 2 || !((t[0] === '{' && t.endsWith('}')) || (t[0] === '[' && t.endsWith(']'))))
    return undefined
  try {
    return JSON.parse(t) as unknown
  } catch {
    return undefined
  }
}
