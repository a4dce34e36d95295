// `*` patterns of the filter language. With `*` the only wildcard, a pattern is literal
// segments: the first must start the text, the last end it, and each middle one is found at
// its leftmost place after the one before (leftmost is never worse for what follows). So
// matching is one indexOf per segment — no RegExp, no backtracking, whatever the pattern.

export function hasWildcard(pattern: string): boolean {
  return pattern.includes('*')
}

/** true when `text` matches `pattern` whole; `*` is any run of characters, case-sensitive. */
export function globMatch(pattern: string, text: string): boolean {
  if (!pattern.includes('*')) return pattern === text
  const parts = pattern.split('*')
  const first = parts[0]
  const last = parts[parts.length - 1]
  if (first.length + last.length > text.length) return false
  if (!text.startsWith(first) || !text.endsWith(last)) return false
  let at = first.length
  const end = text.length - last.length
  for (let i = 1; i < parts.length - 1; i++) {
    const part = parts[i]
    if (part === '') continue
    const found = text.indexOf(part, at)
    if (found === -1 || found + part.length > end) return false
    at = found + part.length
  }
  return true
}

/** The same pattern for SQLite's GLOB, with its own wildcards (`?`, `[`) made literal. */
export function toSqlGlob(pattern: string): string {
  return pattern.replace(/[?[]/g, (c) => `[${c}]`)
}

/** The literal text before the first `*` (an index can seek to it). */
export function literalPrefix(pattern: string): string {
  const i = pattern.indexOf('*')
  return i === -1 ? pattern : pattern.slice(0, i)
}
