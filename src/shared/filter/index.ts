// The filter language of the viewer, the CLI and exports (docs/filter.md):
//
//   agent:coder status:error duration>2s name:tool.* model:gpt-4o tokens>1000 "free text"
//   attr.http.status_code>=500, combined with and / or / not (or -) and parentheses;
//   terms side by side mean `and`. Free text on its own is the full-text find.
//
// Public entry points — everything else in this folder is an implementation detail:
//   parseFilter(text)        → { ok: true, ast: FilterNode | null } | { ok: false, error }
//                              (error: FilterSyntaxError with `position` and `expected`;
//                              never throws, never hangs: length, nesting and terms are bounded)
//   evaluateFilter(ast, span) → boolean, the one evaluator over spans in memory
//   compileFilterSql(ctx, ast)  (src/main/store/filterSql.ts) → a WHERE clause on the native
//                              store's `spans s`, using its indexes
//   SpanQuery.where          the expression as text: every source's listSpans applies it
//                              (the native store in SQL, other tools' readers through
//                              src/main/sources/filteredSpans.ts), paged like every list
export type { FilterNode, CompareOp, MatchField, NumberField } from './filterAst'
export { FILTER_FIELDS } from './filterAst'
export {
  parseFilter,
  parseFilterOrThrow,
  FilterSyntaxError,
  MAX_FILTER_LENGTH,
  MAX_LITERAL,
  MAX_TERMS,
  type FilterParse,
} from './filterParse'
export { evaluateFilter, needsAttributes, type FilterableSpan } from './filterEvaluate'
export { hasFreeText, isPlainText, plainTextOf } from './filterShape'
