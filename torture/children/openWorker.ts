// A long-lived process that opens files the way the app does (openSource) and runs the viewer's
// first queries, answering over IPC. The parent kills it when one file takes too long (a hang)
// and notices when it dies (a crash).
import { openSource } from '../../src/main/sources/openSource'

interface Job {
  id: number
  file: string
}

export interface OpenOutcome {
  id: number
  opened: boolean
  kind?: string
  /** the error that refused the file, if it was refused */
  error?: { name: string; code?: string; message: string }
  queries: number
  /** queries that failed after a successful open (a partial view) */
  queryErrors: Array<{ name: string; code?: string; message: string }>
  ms: number
}

const describe = (e: unknown) => {
  const err = e as { name?: string; code?: unknown; message?: string }
  return {
    name: String(err?.name ?? typeof e),
    code: typeof err?.code === 'string' ? err.code : undefined,
    message: String(err?.message ?? e).slice(0, 300),
  }
}

function run(job: Job): OpenOutcome {
  const t0 = performance.now()
  const out: OpenOutcome = { id: job.id, opened: false, queries: 0, queryErrors: [], ms: 0 }
  let source: ReturnType<typeof openSource>
  try {
    source = openSource(job.file, { overlay: false })
  } catch (e) {
    out.error = describe(e)
    out.ms = performance.now() - t0
    return out
  }
  out.opened = true
  out.kind = source.kind
  const q = source.queries
  const attempt = (fn: () => unknown) => {
    out.queries++
    try {
      return fn()
    } catch (e) {
      out.queryErrors.push(describe(e))
      return undefined
    }
  }
  attempt(() => q.info())
  const sessions = attempt(() => q.listSessions({ limit: 50 })) as
    { items: Array<{ id: string }> } | undefined
  const first = sessions?.items[0]?.id
  if (first !== undefined) {
    const spans = attempt(() => q.listSpans({ sessionId: first, limit: 200 })) as
      { items: Array<{ spanId: string }> } | undefined
    attempt(() => q.sessionGraph(first))
    const span = spans?.items[0]?.spanId
    if (span !== undefined) attempt(() => q.getSpan(first, span))
  }
  attempt(() => q.listSpans({ limit: 200, order: 'desc' }))
  attempt(() => q.listErrors({ limit: 100 }))
  attempt(() => q.listEvents({ limit: 100 }))
  attempt(() => q.stats())
  attempt(() => q.search({ text: 'error', limit: 20 }))
  try {
    source.close()
  } catch (e) {
    out.queryErrors.push(describe(e))
  }
  out.ms = performance.now() - t0
  return out
}

process.on('message', (job: Job) => {
  process.send!(run(job))
})
process.send!({ ready: true })
