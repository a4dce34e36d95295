// The open session: its spans as columns, the tree and row layout derived from them, the
// visible time window, and the live tail that keeps them growing.
import type { Session } from '../../shared/domain'
import type { SpanColumns } from '../../shared/contract/spanColumns'
import {
  appendColumns,
  emptyTable,
  openSpanCount,
  reserveRows,
  type SpanTable,
} from '../timeline/spanTable'
import {
  deriveDue,
  fullResyncDue,
  initialLiveState,
  liveSince,
  missedByLoad,
  onFullResync,
  onLiveEvent,
  onLiveReadDone,
  onLoadEnd,
  onLoadStart,
  pageLimit,
  type LiveState,
} from '../timeline/sessionLoading'
import { GROW_INTERVAL_MS, openSpanView, type OpenSpanView } from '../timeline/openSpans'
import { buildSpanTree, type SpanTree } from '../timeline/spanTree'
import { layoutRows, type RowLayout } from '../timeline/rowLayout'
import { agentsInOrder } from '../draw/agentPalette'
import { clampView, traceBounds, zoomAt, type TimeWindow } from '../timeline/viewBounds'
import { jumpToLive, onRowsArrived, type FollowState } from '../lib/follow'
import { api, describeError } from './apiRef'
import type { LoadStatus, Slice } from './types'

export interface SessionSlice {
  sessionId: string | null
  session: Session | null
  table: SpanTable
  tree: SpanTree
  layout: RowLayout
  collapsed: ReadonlySet<string>
  /** the session's agents in order of first appearance: their colour slots (agentPalette.ts) */
  agents: readonly string[]
  /**
   * The agents chosen in the legend, the Agents tab or the agent graph, in the order chosen
   * (the last one's detail opens beside the graph). The other agents' spans dim, or with
   * `agentsOnly` get no row at all. Empty: no choice, every span as usual.
   */
  chosenAgents: readonly string[]
  agentsOnly: boolean
  bounds: TimeWindow
  view: TimeWindow
  spansStatus: LoadStatus
  spansError: string | null
  /** spans loaded so far / expected (the session's count when loading started) */
  progress: { loaded: number; total: number }
  follow: FollowState
  /** last time the live tail added spans (ms, performance clock) — for the bench */
  liveAt: number
  /** why the file's later changes are not shown (it cannot be followed live), else null */
  notLive: string | null
  openSession(sessionId: string): Promise<void>
  closeSession(): void
  setView(view: TimeWindow): void
  zoom(factor: number, anchor?: number): void
  resetZoom(): void
  setCollapsed(next: ReadonlySet<string>): void
  /** adds the agent to the chosen ones, or takes it out if it is chosen */
  toggleAgent(agentId: string): void
  setChosenAgents(agentIds: readonly string[]): void
  setAgentsOnly(only: boolean): void
  toggleCollapsed(spanId: string): void
  setFollow(f: FollowState): void
}

const EMPTY_TREE = buildSpanTree(emptyTable(1))

/** The rows on screen: every span, or with `only` the chosen agents' spans. */
function layoutFor(
  tree: SpanTree,
  collapsed: ReadonlySet<string>,
  table: SpanTable,
  chosen: readonly string[],
  only: boolean,
): RowLayout {
  if (!only || chosen.length === 0) return layoutRows(tree, collapsed, table.ids)
  const keep = new Set(chosen)
  return layoutRows(tree, collapsed, table.ids, (i) => keep.has(table.agentIds[i] ?? ''))
}

export const createSessionSlice: Slice<SessionSlice> = (set, get) => {
  let generation = 0
  let stopLive: (() => void) | null = null
  /** live notifications and the first load, coalesced (timeline/sessionLoading.ts) */
  let live: LiveState = initialLiveState()
  /** the file the open session was read from: the same id in another file is another session */
  let openedFrom: string | null = null
  let growTimer: ReturnType<typeof setInterval> | null = null
  let lastOpenState: OpenSpanView['state'] | null = null

  /** where open spans end now: "now" while the session runs, its last activity once it stopped */
  function openView(): OpenSpanView {
    return openSpanView(get().session, Date.now(), get().appInfo?.quietMs)
  }

  /** Bounds after time passed: a running span grows to now, a "whole trace" view stays whole. */
  function boundsNow(table: SpanTable): Pick<SessionSlice, 'bounds' | 'view'> {
    const old = get().bounds
    const bounds = traceBounds(table.start, table.end, table.count, openView().end)
    const { view } = get()
    const showedAll =
      table.count === 0 ||
      (view.start <= old.start && view.end >= old.end) ||
      get().spansStatus !== 'ready'
    return { bounds, view: showedAll ? bounds : clampView(view, bounds) }
  }

  /** Moves running spans on to "now" while any is open; redraws once when they stop running. */
  function growTick(): void {
    const { table } = get()
    if (table.count === 0 || openSpanCount(table) === 0) return
    const state = openView().state
    if (state === 'running' || state !== lastOpenState) set(boundsNow(table))
    lastOpenState = state
  }

  /** Tree, rows and bounds after the table changed; keeps a "whole trace" view whole. */
  function derive(table: SpanTable, collapsed: ReadonlySet<string>): Partial<SessionSlice> {
    const tree = buildSpanTree(table)
    const layout = layoutFor(tree, collapsed, table, get().chosenAgents, get().agentsOnly)
    const agents = agentsInOrder(table.agentIds)
    const same =
      agents.length === get().agents.length && agents.every((a, i) => a === get().agents[i])
    return { table, tree, layout, ...boundsNow(table), ...(same ? {} : { agents }) }
  }

  async function loadAll(sessionId: string, gen: number, since?: number): Promise<number> {
    const fetchPage = (cursor: string | null, limit: number): Promise<SpanColumns> =>
      api().invoke('spans.columns', {
        sourceId: get().sourceId ?? '',
        sessionId,
        limit,
        order: 'asc',
        cursor,
        ...(since !== undefined ? { since } : {}),
      })
    let added = 0
    let lastDerive = 0
    let deriveCost = 0
    let derivedRows = 0
    // a small first page paints sooner; then the biggest pages the contract allows
    let pending: Promise<SpanColumns> | null = fetchPage(null, pageLimit(true, since))
    while (pending) {
      const page: SpanColumns = await pending
      if (gen !== generation) return added
      // ask for the next page before laying this one out: the server works while we do
      pending = page.nextCursor ? fetchPage(page.nextCursor, pageLimit(false, since)) : null
      const before = get().table.count
      const table = appendColumns(get().table, page)
      added += table.count - before
      const progress = { loaded: table.count, total: Math.max(get().progress.total, table.count) }
      const now = performance.now()
      if (deriveDue(!pending, now, lastDerive, deriveCost, table.count, derivedRows)) {
        set({ ...derive(table, get().collapsed), progress })
        lastDerive = performance.now()
        deriveCost = lastDerive - now
        derivedRows = table.count
      } else set({ table, progress })
      if (since === undefined && get().spansStatus === 'loading') set({ spansStatus: 'ready' })
    }
    return added
  }

  async function onLive(sessionId: string, gen: number, spanCount: number): Promise<void> {
    const event = onLiveEvent(live, spanCount)
    live = event.next
    if (!event.read) return
    try {
      const added = await loadAll(sessionId, gen, liveSince(get().table))
      if (gen !== generation) return
      // the count still disagrees: resync everything (at most every FULL_RESYNC_MS)
      if (fullResyncDue(live, get().table.count, spanCount, performance.now())) {
        live = onFullResync(live, performance.now())
        await loadAll(sessionId, gen)
      }
      set({ follow: onRowsArrived(get().follow, added), liveAt: performance.now() })
    } catch {
      // the next notification retries
    } finally {
      const done = onLiveReadDone(live, gen === generation)
      live = done.next
      if (done.again) void onLive(sessionId, gen, spanCount)
    }
  }

  return {
    sessionId: null,
    session: null,
    table: emptyTable(1),
    tree: EMPTY_TREE,
    layout: layoutRows(EMPTY_TREE, new Set(), []),
    collapsed: new Set(),
    agents: [],
    chosenAgents: [],
    agentsOnly: false,
    bounds: { start: 0, end: 1 },
    view: { start: 0, end: 1 },
    spansStatus: 'idle',
    spansError: null,
    progress: { loaded: 0, total: 0 },
    follow: jumpToLive(),
    liveAt: 0,
    notLive: null,

    async openSession(sessionId) {
      const sourceId = get().sourceId
      if (get().sessionId === sessionId && openedFrom === sourceId && get().spansStatus !== 'error')
        return
      get().closeSession()
      const gen = ++generation
      if (!sourceId) return
      openedFrom = sourceId
      const table = emptyTable(4096)
      set({
        sessionId,
        table,
        ...derive(table, new Set()),
        collapsed: new Set(),
        agents: [],
        chosenAgents: [],
        agentsOnly: false,
        spansStatus: 'loading',
        spansError: null,
        progress: { loaded: 0, total: 0 },
        follow: jumpToLive(),
        notLive: get().sources.find((s) => s.sourceId === sourceId)?.info.notLive ?? null,
      })
      try {
        // the header and the first spans in parallel: first paint waits for one round trip
        live = onLoadStart(live)
        const spans = loadAll(sessionId, gen).finally(() => {
          if (gen === generation) live = onLoadEnd(live)
        })
        const session = await api().invoke('sessions.get', { sourceId, sessionId })
        if (gen !== generation) return
        if (!session) {
          void spans.catch(() => undefined)
          set({
            spansStatus: 'error',
            spansError: `No session "${sessionId}" in this file. Pick one from the sessions list.`,
          })
          return
        }
        // the arrays and the id index grow once, not page by page (a live session grows past it)
        reserveRows(get().table, session.spanCount)
        set({ session, progress: { loaded: get().table.count, total: session.spanCount } })
        lastOpenState = null
        growTimer = setInterval(growTick, GROW_INTERVAL_MS)
        stopLive = api().subscribe({ sourceId, topic: 'spans', sessionId }, (e) => {
          if (gen !== generation) return
          if (e.notLive !== get().notLive) set({ notLive: e.notLive })
          if (!e.exists) return
          const s = get().session
          if (s)
            set({
              session: {
                ...s,
                spanCount: e.spanCount,
                errorCount: e.errorCount,
                unresolvedErrorCount: e.unresolvedErrorCount,
                live: e.live,
                status: e.status,
                lastActivity: e.lastActivity,
                usage: e.usage,
                usagePending: e.usagePending,
              },
            })
          // an event means the source changed: new spans, or ones updated in place
          void onLive(sessionId, gen, e.spanCount)
        })
        await spans
        if (gen !== generation) return
        set({ spansStatus: 'ready' })
        // spans that landed after the load had passed their place in the order
        const missed = missedByLoad(live, get().table.count)
        if (missed !== null) void onLive(sessionId, gen, missed)
      } catch (e) {
        if (gen === generation) set({ spansStatus: 'error', spansError: describeError(e) })
      }
    },

    closeSession() {
      generation++
      stopLive?.()
      stopLive = null
      if (growTimer) clearInterval(growTimer)
      growTimer = null
      openedFrom = null
      set({ sessionId: null, session: null, spansStatus: 'idle' })
      // what was selected, found or filtered belongs to the session that closed
      get().forgetSessionFocus()
    },

    setView(view) {
      set({ view: clampView(view, get().bounds) })
    },

    zoom(factor, anchor = 0.5) {
      set({ view: zoomAt(get().view, get().bounds, factor, anchor) })
    },

    resetZoom() {
      set({ view: get().bounds })
    },

    setCollapsed(next) {
      const { tree, table, chosenAgents, agentsOnly } = get()
      set({ collapsed: next, layout: layoutFor(tree, next, table, chosenAgents, agentsOnly) })
    },

    toggleAgent(agentId) {
      const now = get().chosenAgents
      get().setChosenAgents(
        now.includes(agentId) ? now.filter((a) => a !== agentId) : [...now, agentId],
      )
    },

    setChosenAgents(chosenAgents) {
      const { tree, table, collapsed, agentsOnly } = get()
      // "only the chosen" with none chosen would be an empty timeline: it lapses instead
      const only = agentsOnly && chosenAgents.length > 0
      set({
        chosenAgents,
        agentsOnly: only,
        layout: layoutFor(tree, collapsed, table, chosenAgents, only),
      })
    },

    setAgentsOnly(agentsOnly) {
      const { tree, table, collapsed, chosenAgents } = get()
      set({ agentsOnly, layout: layoutFor(tree, collapsed, table, chosenAgents, agentsOnly) })
    },

    toggleCollapsed(spanId) {
      const next = new Set(get().collapsed)
      if (!next.delete(spanId)) next.add(spanId)
      get().setCollapsed(next)
    },

    setFollow(follow) {
      set({ follow })
    },
  }
}
