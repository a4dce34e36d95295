// Errors: one list for the whole source or one session, unresolved first; resolving writes a
// note through the contract (native store, or the overlay for a read-only foreign file).
import type { TraceError } from '../../shared/domain'
import { replaceError, unresolvedFirst } from '../lib/errorGroups'
import { api, describeError } from './apiRef'
import type { LoadStatus, Slice } from './types'

export interface ErrorsSlice {
  errors: TraceError[]
  errorsScope: string | null
  errorsStatus: LoadStatus
  errorsError: string | null
  errorsTruncated: boolean
  /** unresolved errors of the whole source, live */
  unresolvedCount: number
  unresolvedCapped: boolean
  loadErrors(sessionId: string | null): Promise<void>
  resolveError(errorId: string, note: string): Promise<string | null>
  watchErrorCount(): void
}

const ERRORS_PAGE = 2000

export const createErrorsSlice: Slice<ErrorsSlice> = (set, get) => {
  let gen = 0
  let stopCount: (() => void) | null = null

  return {
    errors: [],
    errorsScope: null,
    errorsStatus: 'idle',
    errorsError: null,
    errorsTruncated: false,
    unresolvedCount: 0,
    unresolvedCapped: false,

    async loadErrors(sessionId) {
      const sourceId = get().sourceId
      if (!sourceId) return
      const g = ++gen
      set({ errorsScope: sessionId, errorsStatus: 'loading', errorsError: null })
      try {
        const scope = sessionId ? { sessionId } : {}
        // unresolved first: ask for them first so a huge resolved history cannot crowd them out
        const open = await api().invoke('errors.list', {
          sourceId,
          ...scope,
          resolved: false,
          limit: ERRORS_PAGE,
        })
        const done = await api().invoke('errors.list', {
          sourceId,
          ...scope,
          resolved: true,
          limit: ERRORS_PAGE,
        })
        if (g !== gen) return
        set({
          errors: [...open.items, ...done.items].sort(unresolvedFirst),
          errorsStatus: 'ready',
          errorsTruncated: open.nextCursor !== null || done.nextCursor !== null,
        })
      } catch (e) {
        if (g === gen) set({ errorsStatus: 'error', errorsError: describeError(e) })
      }
    },

    async resolveError(errorId, note) {
      const sourceId = get().sourceId
      if (!sourceId) return 'No file is open.'
      try {
        const updated = await api().invoke('errors.resolve', { sourceId, errorId, note })
        if (!updated) return `Error ${errorId} no longer exists.`
        set({ errors: replaceError(get().errors, updated) })
        const d = get().detail
        if (d && d.errors.some((x) => x.id === errorId))
          set({ detail: { ...d, errors: replaceError(d.errors, updated) } })
        return null
      } catch (e) {
        return describeError(e)
      }
    },

    watchErrorCount() {
      stopCount?.()
      const sourceId = get().sourceId
      if (!sourceId) return
      stopCount = api().subscribe({ sourceId, topic: 'errors' }, (e) => {
        if (e.sessionId === null) set({ unresolvedCount: e.unresolved, unresolvedCapped: e.capped })
      })
    },
  }
}
