// Where a search matched, as plain text pieces: the view wraps the matched pieces in <mark>
// elements it creates itself, so text from a trace is never handed to the page as HTML.

export interface TextPiece {
  text: string
  mark: boolean
}

/** The words of a query, lower-cased: each is marked on its own, as the full-text index matches. */
export function searchTerms(query: string): string[] {
  return [
    ...new Set(
      query
        .toLowerCase()
        .split(/\s+/)
        .filter((t) => t.length > 0),
    ),
  ]
}

/** `text` cut into unmarked and marked pieces; every case-insensitive occurrence of a term is marked. */
export function markPieces(text: string, terms: ReadonlyArray<string>): TextPiece[] {
  const lower = text.toLowerCase()
  const hit = new Uint8Array(text.length)
  let any = false
  for (const t of terms) {
    if (!t) continue
    for (let i = lower.indexOf(t); i >= 0; i = lower.indexOf(t, i + t.length)) {
      hit.fill(1, i, i + t.length)
      any = true
    }
  }
  if (!any) return text ? [{ text, mark: false }] : []
  const out: TextPiece[] = []
  let from = 0
  for (let i = 1; i <= text.length; i++) {
    if (i === text.length || hit[i] !== hit[from]) {
      out.push({ text: text.slice(from, i), mark: hit[from] === 1 })
      from = i
    }
  }
  return out
}

/** true when any term occurs in the text (case-insensitive). */
export function containsTerm(text: string, terms: ReadonlyArray<string>): boolean {
  const lower = text.toLowerCase()
  return terms.some((t) => t.length > 0 && lower.includes(t))
}
