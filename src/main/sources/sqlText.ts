// Small SQL text helpers for adapters that build queries from a foreign schema.
// Identifiers are always quoted; values are always bound parameters.

/** "name" with embedded quotes doubled: safe for any table or column name. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`
}

/** Escapes LIKE wildcards so user text matches literally (used with ESCAPE '\\'). */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}

/** Appends a WHERE clause and its bound values. */
export function addWhere(
  where: string[],
  params: unknown[],
  clause: string,
  ...values: unknown[]
): void {
  where.push(clause)
  params.push(...values)
}

/** a column's value as text, NULL kept as null */
export const nullableText = (v: unknown): string | null =>
  v === null || v === undefined ? null : String(v)
