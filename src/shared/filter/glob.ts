// `*` patterns of the filter language. Matching is by the two-pointer wildcard walk (at most
// pattern × text steps), not by a RegExp, so a pattern like `*a*a*a*a*b` cannot backtrack
// exponentially on a long attribute value.

export function hasWildcard(pattern: string): boolean {
  return pattern.includes('*')
}

/** true when `text` matches `pattern` whole; `*` is any run of characters, case-sensitive. */
export function globMatch(pattern: string, text: string): boolean {
  let p = 0
  let t = 0
  let star = -1
  let mark = 0
  while (t < text.length) {
    if (p < pattern.length && pattern[p] !== '*' && pattern[p] === text[t]) {
      p++
      t++
    } else if (p < pattern.length && pattern[p] === '*') {
      star = p++
      mark = t
    } else if (star !== -1) {
      p = star + 1
      t = ++mark
    } else return false
  }
  while (p < pattern.length && pattern[p] === '*') p++
  return p === pattern.length
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
