// Sources (opened .db files) and the sessions list of the current one, kept fresh by the
// live 'sessions' topic.
import type { Session } from '../../shared/domain'
import type { AppInfo, SourceSummary } from '../../shared/contract/invoke'
import {
  mergeSessions,
  type SessionFilter,
  type SessionSortKey,
  type SortOrder,
} from '../lib/sessionList'
import { api, describeError } from './apiRef'
import type { LoadStatus, Slice } from './types'

export interface SourcesSlice {
  appInfo: AppInfo | null
  sources: SourceSummary[]
  sourceId: string | null
  sourcesStatus: LoadStatus
  sourcesError: string | null
  sessions: Session[]
  sessionsStatus: LoadStatus
  sessionsError: string | null
  /** true when the store holds more sessions than the loaded page */
  sessionsTruncated: boolean
  sessionSort: { key: SessionSortKey; order: SortOrder }
  sessionFilter: SessionFilter
  init(): Promise<void>
  selectSource(sourceId: string): Promise<void>
  loadSessions(): Promise<void>
  /**
   * Reads the loaded list and the open session again in place, without a loading state:
   * their sums changed though the sessions did not (the user's prices).
   */
  rereadSessions(): Promise<void>
  setSessionSort(sort: { key: SessionSortKey; order: SortOrder }): void
  setSessionFilter(f: Partial<SessionFilter>): void
  /** File › Open (Electron's dialog in main), a path from recent files, or a dropped file */
  openFile(how: { dialog: true } | { path: string } | { dropped: Blob }): Promise<void>
}

/** The list keeps this many sessions; the text filter narrows it on the server beyond that. */
export const SESSION_PAGE = 2000

let stopSessionsLive: (() => void) | null = null
let sessionsReload: ReturnType<typeof setTimeout> | null = null

export const createSourcesSlice: Slice<SourcesSlice> = (set, get) => {
  // Live refresh: the newest sessions replace their old rows, new ones come first; the
  // rest of the list stays as loaded so rows do not jump under the cursor.
  let refreshing = false
  async function refreshSessions(): Promise<void> {
    const { sourceId, sessions } = get()
    if (refreshing || !sourceId) return
    refreshing = true
    try {
      const page = await api().invoke('sessions.list', {
        sourceId,
        limit: 200,
        sort: 'lastActivity',
        order: 'desc',
      })
      if (get().sourceId !== sourceId) return
      set({
        sessions: mergeSessions(get().sessions.length ? get().sessions : sessions, page.items),
      })
      const open = get().session
      const updated = open && page.items.find((s) => s.id === open.id)
      if (updated) set({ session: updated })
    } catch {
      // the next notification retries; a transient failure is not worth a banner
    } finally {
      refreshing = false
    }
  }

  return {
    appInfo: null,
    sources: [],
    sourceId: null,
    sourcesStatus: 'idle',
    sourcesError: null,
    sessions: [],
    sessionsStatus: 'idle',
    sessionsError: null,
    sessionsTruncated: false,
    sessionSort: { key: 'lastActivity', order: 'desc' },
    sessionFilter: { text: '', status: 'all' },

    async init() {
      set({ sourcesStatus: 'loading', sourcesError: null })
      try {
        const [appInfo, sources] = await Promise.all([
          api().invoke('app.info', {}),
          api().invoke('sources.list', {}),
        ])
        set({ appInfo, sources, sourcesStatus: 'ready' })
        // a price saved in another window or tab: price with it here too and read the sums again
        api().on('prices.changed', (info) => get().pricesChanged(info, true))
        api().on('sources.opened', (s) => {
          set({ sources: [...get().sources.filter((x) => x.sourceId !== s.sourceId), s] })
          if (!get().sourceId) void get().selectSource(s.sourceId)
        })
        api().on('sources.closed', ({ sourceId, reason }) => {
          set({ sources: get().sources.filter((x) => x.sourceId !== sourceId) })
          if (get().sourceId === sourceId)
            set({ sourceId: null, sourcesError: `The file was closed: ${reason}` })
        })
        if (sources.length > 0) await get().selectSource(sources[0].sourceId)
      } catch (e) {
        set({ sourcesStatus: 'error', sourcesError: describeError(e) })
      }
    },

    async selectSource(sourceId) {
      stopSessionsLive?.()
      // the open session, its selected span and its finds belong to the file being left
      if (get().sourceId !== sourceId) get().closeSession()
      // the list itself loads when the sessions view shows: a deep link to a session must
      // not wait behind a 2,000-row list query
      set({ sourceId, sessions: [], sessionsStatus: 'idle' })
      // a new session or a changed count re-queries the list, at most every 250 ms
      stopSessionsLive = api().subscribe({ sourceId, topic: 'sessions' }, () => {
        if (sessionsReload) return
        sessionsReload = setTimeout(() => {
          sessionsReload = null
          void refreshSessions()
        }, 250)
      })
      get().watchErrorCount()
    },

    async loadSessions() {
      const { sourceId } = get()
      if (!sourceId) return
      set({ sessionsStatus: 'loading', sessionsError: null })
      try {
        const page = await api().invoke('sessions.list', {
          sourceId,
          limit: SESSION_PAGE,
          sort: 'lastActivity',
          order: 'desc',
        })
        if (get().sourceId !== sourceId) return
        set({
          sessions: page.items,
          sessionsStatus: 'ready',
          sessionsTruncated: page.nextCursor !== null,
        })
      } catch (e) {
        set({ sessionsStatus: 'error', sessionsError: describeError(e) })
      }
    },

    async rereadSessions() {
      const { sourceId, session, sessionsStatus } = get()
      if (!sourceId) return
      try {
        const [page, open] = await Promise.all([
          sessionsStatus === 'ready'
            ? api().invoke('sessions.list', {
                sourceId,
                limit: SESSION_PAGE,
                sort: 'lastActivity',
                order: 'desc',
              })
            : null,
          session ? api().invoke('sessions.get', { sourceId, sessionId: session.id }) : null,
        ])
        if (get().sourceId !== sourceId) return
        if (page && get().sessionsStatus === 'ready')
          set({ sessions: page.items, sessionsTruncated: page.nextCursor !== null })
        if (open && get().session?.id === open.id) set({ session: open })
      } catch {
        // the figures shown stay as they were; the next live refresh or a reload reads them
      }
    },

    async openFile(how) {
      try {
        let summary = null
        if ('dialog' in how) summary = await api().invoke('sources.openDialog', {})
        else if ('path' in how) summary = await api().invoke('sources.open', { path: how.path })
        else {
          const p = await api().pathForDroppedFile(how.dropped)
          if (!p) {
            set({
              sourcesError:
                'Only a .db file from your disk can be opened here (and only in the desktop app).',
            })
            return
          }
          summary = await api().invoke('sources.open', { path: p })
        }
        if (!summary) return
        set({
          sources: [...get().sources.filter((x) => x.sourceId !== summary.sourceId), summary],
          sourcesError: null,
        })
        await get().selectSource(summary.sourceId)
        location.hash = '#/sessions'
      } catch (e) {
        set({ sourcesError: describeError(e) })
      }
    },

    setSessionSort(sessionSort) {
      set({ sessionSort })
    },

    setSessionFilter(f) {
      set({ sessionFilter: { ...get().sessionFilter, ...f } })
    },
  }
}
