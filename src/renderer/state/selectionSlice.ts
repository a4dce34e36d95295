// What the user points at: the selected span (and its detail, fetched on demand), the
// keyboard cursor, find-and-jump over everything the open session holds, and stepping
// through its errors. All of it belongs to the open session and is forgotten with it.
import type { SearchHit, SpanDetail } from '../../shared/queries'
import { expandToReveal, layoutRows } from '../timeline/rowLayout'
import { revealInterval } from '../timeline/viewBounds'
import { localFind, mergeFind, type ElsewhereMatch, type FindPlace } from '../lib/sessionFind'
import { errorRows, stepError } from '../lib/errorNavigation'
import { searchTerms } from '../lib/textMarks'
import { readFindQuery } from '../lib/findQuery'
import { columnSpanId, type SpanColumns } from '../../shared/contract/spanColumns'
import { api, describeError } from './apiRef'
import type { AppState, LoadStatus, Slice } from './types'

export interface SelectionSlice {
  selectedSpanId: string | null
  detail: SpanDetail | null
  detailStatus: LoadStatus
  detailError: string | null
  searchText: string
  /** table rows matching the search, in row order */
  searchHits: number[]
  /** where each hit matched (name, agent, attributes, event, error) */
  searchPlaces: ReadonlyMap<number, ReadonlySet<FindPlace>>
  /** matches off any span: the session's attributes, messages */
  searchElsewhere: ElsewhereMatch[]
  /** the full-text part of the find (or the filter query) is still running */
  searchPending: boolean
  /** why the find text is not a valid filter expression (column, what was expected) */
  searchError: string | null
  searchIndex: number
  /** spans the session's error records point at (failed spans are in the table already) */
  errorSpanIds: ReadonlySet<string>
  selectSpan(spanId: string | null, opts?: { reveal?: boolean }): void
  /** j / k: move the selection by screen rows */
  moveSelection(delta: number): void
  setSearch(text: string): void
  /** Enter / next-hit in the search box */
  jumpToHit(delta: number): void
  /** n / N: select and reveal the next or previous error span */
  jumpToError(delta: 1 | -1): void
  loadErrorSpans(sessionId: string): Promise<void>
  /** the open session closed: its selection, finds, errors and agent filter go with it */
  forgetSessionFocus(): void
}

/** the full-text half of find waits for a pause in typing */
const FIND_DEBOUNCE_MS = 200
/** most spans a filter in the find box marks (pages of 5,000) */
const FILTER_FIND_CAP = 50_000

export const createSelectionSlice: Slice<SelectionSlice> = (set, get) => {
  let detailGen = 0
  let findGen = 0
  let findTimer: ReturnType<typeof setTimeout> | null = null

  async function loadDetail(spanId: string): Promise<void> {
    const gen = ++detailGen
    const { sourceId, sessionId } = get()
    if (!sourceId || !sessionId) return
    set({ detailStatus: 'loading', detailError: null })
    try {
      const detail = await api().invoke('spans.get', { sourceId, sessionId, spanId })
      if (gen !== detailGen) return
      if (!detail)
        set({
          detail: null,
          detailStatus: 'error',
          detailError: `Span ${spanId} is not in this session.`,
        })
      else set({ detail, detailStatus: 'ready' })
    } catch (e) {
      if (gen === detailGen) set({ detailStatus: 'error', detailError: describeError(e) })
    }
  }

  /** local matches now, full-text hits when they come */
  function applyFind(text: string, hits: ReadonlyArray<SearchHit>): void {
    const s = get()
    const result = mergeFind(
      s.table,
      localFind(s.table, text),
      hits,
      text.trim() ? (s.session?.attributes ?? null) : null,
      searchTerms(text),
      (i) => rank(s.layout.rowOf[i], i),
    )
    set({
      searchHits: result.rows,
      searchPlaces: result.places,
      searchElsewhere: result.elsewhere,
      searchIndex: -1,
    })
  }

  async function fullTextFind(text: string, gen: number): Promise<void> {
    const { sourceId, sessionId } = get()
    if (!sourceId || !sessionId) return
    try {
      const page = await api().invoke('search', { sourceId, sessionId, text, limit: 500 })
      if (gen !== findGen) return
      const index = get().searchIndex
      applyFind(text, page.items)
      // keep the place of a jump already made on the local matches
      const sel = get().selectedSpanId
      const i = sel ? get().table.indexOf.get(sel) : undefined
      if (index >= 0 && i !== undefined) set({ searchIndex: get().searchHits.indexOf(i) })
    } catch {
      // the local matches stand; a failed full-text query is not worth a banner
    } finally {
      if (gen === findGen) set({ searchPending: false })
    }
  }

  /** a filter expression: the source answers which of the session's spans match it */
  async function filterFind(where: string, gen: number): Promise<void> {
    const { sourceId, sessionId } = get()
    if (!sourceId || !sessionId) return
    const ids: string[] = []
    let cursor: string | null = null
    try {
      do {
        const page: SpanColumns = await api().invoke('spans.columns', {
          sourceId,
          sessionId,
          where,
          order: 'asc',
          limit: 5000,
          cursor,
        })
        if (gen !== findGen) return
        for (let r = 0; r < page.count; r++) ids.push(columnSpanId(page, r))
        cursor = page.nextCursor
      } while (cursor !== null && ids.length < FILTER_FIND_CAP)
      const s = get()
      const rows = ids
        .map((id) => s.table.indexOf.get(id))
        .filter((i): i is number => i !== undefined)
        .sort((a, b) => rank(s.layout.rowOf[a], a) - rank(s.layout.rowOf[b], b))
      set({ searchHits: rows, searchPlaces: new Map(), searchElsewhere: [], searchIndex: -1 })
    } catch (e) {
      if (gen === findGen) set({ searchError: describeError(e) })
    } finally {
      if (gen === findGen) set({ searchPending: false })
    }
  }

  return {
    selectedSpanId: null,
    detail: null,
    detailStatus: 'idle',
    detailError: null,
    searchText: '',
    searchHits: [],
    searchPlaces: new Map(),
    searchElsewhere: [],
    searchPending: false,
    searchError: null,
    searchIndex: -1,
    errorSpanIds: new Set(),

    selectSpan(spanId, opts = {}) {
      if (spanId === null) {
        detailGen++
        set({ selectedSpanId: null, detail: null, detailStatus: 'idle' })
        return
      }
      set({ selectedSpanId: spanId })
      const { table, tree, collapsed } = get()
      const i = table.indexOf.get(spanId)
      if (opts.reveal && i !== undefined) {
        const next = expandToReveal(tree, collapsed, table.ids, i)
        if (next !== collapsed) get().setCollapsed(next)
        // a span the agent filter hides is shown by lifting the filter
        if (get().layout.rowOf[i] < 0 && get().agentsOnly) get().setAgentsOnly(false)
        const end = Number.isNaN(table.end[i]) ? table.start[i] : table.end[i]
        set({ view: revealInterval(get().view, get().bounds, { start: table.start[i], end }) })
      }
      void loadDetail(spanId)
    },

    moveSelection(delta) {
      const { layout, table, selectedSpanId } = get()
      if (layout.rows.length === 0) return
      const cur = selectedSpanId ? table.indexOf.get(selectedSpanId) : undefined
      const row = cur === undefined ? -1 : layout.rowOf[cur]
      const nextRow = Math.min(layout.rows.length - 1, Math.max(0, row < 0 ? 0 : row + delta))
      get().selectSpan(table.ids[layout.rows[nextRow]])
    },

    setSearch(text) {
      const gen = ++findGen
      if (findTimer) clearTimeout(findTimer)
      findTimer = null
      set({ searchText: text, searchError: null })
      const query = readFindQuery(text)
      if (query.kind !== 'text') {
        set({ searchHits: [], searchPlaces: new Map(), searchElsewhere: [], searchIndex: -1 })
        if (query.kind === 'error') {
          set({ searchPending: false, searchError: query.message })
          return
        }
        set({ searchPending: true })
        findTimer = setTimeout(() => {
          findTimer = null
          void filterFind(query.where, gen)
        }, FIND_DEBOUNCE_MS)
        return
      }
      const plain = query.text
      applyFind(plain, [])
      if (plain.trim().length < 2) {
        set({ searchPending: false })
        return
      }
      set({ searchPending: true })
      findTimer = setTimeout(() => {
        findTimer = null
        void fullTextFind(plain, gen)
      }, FIND_DEBOUNCE_MS)
    },

    jumpToHit(delta) {
      const { searchHits, searchIndex, table } = get()
      if (searchHits.length === 0) return
      const next = (searchIndex + delta + searchHits.length) % searchHits.length
      set({ searchIndex: next })
      get().selectSpan(table.ids[searchHits[next]], { reveal: true })
    },

    jumpToError(delta) {
      const s = get()
      const order = fullTreeOrder(s)
      const rows = errorRows(s.table, s.errorSpanIds, order)
      const cur = s.selectedSpanId ? s.table.indexOf.get(s.selectedSpanId) : undefined
      const next = stepError(rows, order, cur, delta)
      if (next !== null) s.selectSpan(s.table.ids[next], { reveal: true })
    },

    async loadErrorSpans(sessionId) {
      const sourceId = get().sourceId
      if (!sourceId) return
      try {
        const page = await api().invoke('errors.list', { sourceId, sessionId, limit: 5000 })
        if (get().sessionId !== sessionId) return
        const ids = new Set<string>()
        for (const e of page.items) if (e.spanId) ids.add(e.spanId)
        set({ errorSpanIds: ids })
      } catch {
        // failed spans still step by their status
      }
    },

    forgetSessionFocus() {
      findGen++
      if (findTimer) clearTimeout(findTimer)
      findTimer = null
      get().selectSpan(null)
      set({
        detailError: null,
        searchText: '',
        searchHits: [],
        searchPlaces: new Map(),
        searchElsewhere: [],
        searchPending: false,
        searchError: null,
        searchIndex: -1,
        errorSpanIds: new Set(),
        chosenAgents: [],
        agentsOnly: false,
      })
    },
  }
}

function rank(row: number, i: number): number {
  return row >= 0 ? row : 1e9 + i
}

/** each span's row in the whole tree, nothing collapsed or filtered: the order errors step in */
let orderCache: { tree: unknown; order: Int32Array } | null = null
export function fullTreeOrder(s: AppState): Int32Array {
  if (orderCache?.tree === s.tree) return orderCache.order
  // the rows on screen are that order while nothing is collapsed or filtered out: no second
  // layout of a million spans per tree while a big session loads
  const whole = s.collapsed.size === 0 && !(s.agentsOnly && s.chosenAgents.length > 0)
  const order =
    whole && s.layout.rowOf.length === s.tree.count
      ? s.layout.rowOf
      : layoutRows(s.tree, new Set(), s.table.ids).rowOf
  orderCache = { tree: s.tree, order }
  return order
}
