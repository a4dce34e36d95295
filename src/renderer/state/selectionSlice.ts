// What the user points at: the selected span (and its detail, fetched on demand), the
// keyboard cursor, and search-and-jump over the open session's spans.
import type { SpanDetail } from '../../shared/queries'
import { expandToReveal, searchSpans } from '../timeline/rowLayout'
import { revealInterval } from '../timeline/viewBounds'
import { api, describeError } from './apiRef'
import type { LoadStatus, Slice } from './types'

export interface SelectionSlice {
  selectedSpanId: string | null
  detail: SpanDetail | null
  detailStatus: LoadStatus
  detailError: string | null
  searchText: string
  /** table rows matching the search, in row order */
  searchHits: number[]
  searchIndex: number
  selectSpan(spanId: string | null, opts?: { reveal?: boolean }): void
  /** j / k: move the selection by screen rows */
  moveSelection(delta: number): void
  setSearch(text: string): void
  /** Enter / next-hit in the search box */
  jumpToHit(delta: number): void
}

export const createSelectionSlice: Slice<SelectionSlice> = (set, get) => {
  let detailGen = 0

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

  return {
    selectedSpanId: null,
    detail: null,
    detailStatus: 'idle',
    detailError: null,
    searchText: '',
    searchHits: [],
    searchIndex: -1,

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
      const { table, layout } = get()
      const hits = searchSpans(table, text)
      // order hits as they appear on screen (hidden ones after, by table order)
      hits.sort((a, b) => rank(layout.rowOf[a], a) - rank(layout.rowOf[b], b))
      set({ searchText: text, searchHits: hits, searchIndex: -1 })
    },

    jumpToHit(delta) {
      const { searchHits, searchIndex, table } = get()
      if (searchHits.length === 0) return
      const next = (searchIndex + delta + searchHits.length) % searchHits.length
      set({ searchIndex: next })
      get().selectSpan(table.ids[searchHits[next]], { reveal: true })
    },
  }
}

function rank(row: number, i: number): number {
  return row >= 0 ? row : 1e9 + i
}
