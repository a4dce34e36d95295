// What the find box and the file-wide search were given: free text (the full-text find, as it
// always was), a filter expression (docs/filter.md), or an expression that does not parse —
// then the sentence saying at which column and what was expected, shown under the box.
import { isPlainText, parseFilter, plainTextOf } from '../../shared/filter'

export type FindQuery =
  | { kind: 'text'; text: string }
  | { kind: 'filter'; where: string }
  | { kind: 'error'; message: string; position: number }

export function readFindQuery(input: string): FindQuery {
  const parsed = parseFilter(input)
  if (!parsed.ok)
    return { kind: 'error', message: parsed.error.message, position: parsed.error.position }
  if (isPlainText(parsed.ast)) return { kind: 'text', text: plainTextOf(parsed.ast) }
  return { kind: 'filter', where: input.trim() }
}
