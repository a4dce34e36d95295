// One columns page read ahead. The timeline loads a whole session page after page, asking for
// the next only once the last one reached it: between two pages the worker sat idle while main
// encoded and sent the answer and the page decoded it. Having answered a page, the worker reads
// the next one at once, and answers it from there if it is asked for before the file changed.
import type { SpanColumns } from '../../shared/contract/spanColumns'
import type { SpanQuery } from '../../shared/queries'

interface Ahead {
  key: string
  token: number
  page: SpanColumns
}

/** One query, whatever the order of its keys. */
function keyOf(sourceId: string, q: SpanQuery): string {
  const entries = Object.entries(q).filter(([, v]) => v !== undefined)
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return JSON.stringify([sourceId, entries])
}

export interface ReadAheadSource {
  read(q: SpanQuery): SpanColumns
  /** changes whenever the file changes (TraceQueries.changeToken) */
  token(): number
}

export class ColumnsReadAhead {
  private ahead: Ahead | null = null
  private scheduled = 0

  /** `later` runs a read after the current answer went out (setImmediate in the worker) */
  constructor(private readonly later: (fn: () => void) => void = (fn) => setImmediate(fn)) {}

  /** The page for `q`: the one read ahead if it is that query's and the file is unchanged. */
  page(sourceId: string, q: SpanQuery, source: ReadAheadSource): SpanColumns {
    const key = keyOf(sourceId, q)
    const ahead = this.ahead
    this.ahead = null
    const page =
      ahead && ahead.key === key && ahead.token === source.token() ? ahead.page : source.read(q)
    if (page.nextCursor !== null)
      this.readLater(sourceId, { ...q, cursor: page.nextCursor }, source)
    return page
  }

  /** Drops what was read ahead of a source (it closed). */
  forget(sourceId: string): void {
    if (this.ahead?.key.startsWith(JSON.stringify([sourceId]).slice(0, -1))) this.ahead = null
    this.scheduled++
  }

  private readLater(sourceId: string, next: SpanQuery, source: ReadAheadSource): void {
    const ticket = ++this.scheduled
    this.later(() => {
      // another page was asked for, or the source closed, since: this one is not wanted
      if (ticket !== this.scheduled) return
      try {
        const token = source.token()
        this.ahead = { key: keyOf(sourceId, next), token, page: source.read(next) }
      } catch {
        // read again when it is asked for: the error is answered then
      }
    })
  }
}
