// How deep a stored value may nest. Every serializer on the way to the screen (structured
// clone, JSON.stringify, the renderer's tree) recurses, and a value thousands of levels deep
// overflows one of them. The OTLP decoders already refuse more than 32 levels; records from
// the SDK, `import` and the store's own validation use the same limit, and values read back
// from a file written before the limit existed are cut at it.

export const MAX_NESTING = 32

/**
 * Where `value` nests deeper than `max` arrays/objects, as a path below it (`[0][0]…` or
 * `.a.b`), or null when it does not. Recursion stops at `max + 1`, so any depth is safe to check.
 */
export function tooDeepAt(value: unknown, max = MAX_NESTING): string | null {
  return walk(value, 0, max)
}

function walk(v: unknown, depth: number, max: number): string | null {
  if (v === null || typeof v !== 'object' || ArrayBuffer.isView(v)) return null
  if (depth >= max) return ''
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const at = walk(v[i], depth + 1, max)
      if (at !== null) return `[${i}]${at}`
    }
    return null
  }
  for (const k in v) {
    const at = walk((v as Record<string, unknown>)[k], depth + 1, max)
    if (at !== null) return `.${k}${at}`
  }
  return null
}

/**
 * Depth allowed in an answer as a whole (a page holds items holding attributes holding the
 * value): answers are cut here before they are cloned or encoded.
 */
export const MAX_REPLY_NESTING = MAX_NESTING + 16

/** Text that stands in for a part of a value nested deeper than the limit. */
export const TOO_DEEP = `[nested deeper than ${MAX_NESTING} levels, not shown]`

/**
 * `value` with everything nested deeper than `max` replaced by TOO_DEEP. Returns the same
 * object when nothing is too deep (the common case costs one bounded walk, no copy).
 */
export function cutDeep<T>(value: T, max = MAX_NESTING): T {
  return tooDeepAt(value, max) === null ? value : (cut(value, 0, max) as T)
}

function cut(v: unknown, depth: number, max: number): unknown {
  if (v === null || typeof v !== 'object' || ArrayBuffer.isView(v)) return v
  if (depth >= max) return TOO_DEEP
  if (Array.isArray(v)) return v.map((x) => cut(x, depth + 1, max))
  const out: Record<string, unknown> = {}
  for (const k in v) {
    if (k === '__proto__') continue
    out[k] = cut((v as Record<string, unknown>)[k], depth + 1, max)
  }
  return out
}
