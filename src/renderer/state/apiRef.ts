// The one place state actions get the contract client from (Electron bridge or browser).
import { getTraceApi, type TraceApi } from '../api'

export function api(): TraceApi {
  return getTraceApi()
}

/** A contract error (or anything thrown) as a sentence a person can act on. */
export function describeError(e: unknown): string {
  if (e && typeof e === 'object' && 'code' in e && 'message' in e) {
    const { code, message, field } = e as { code: string; message: string; field?: string }
    const hint: Record<string, string> = {
      'unknown-source': 'The file was closed. Open it again from the sources menu.',
      timeout: 'The query took too long and was stopped. Narrow the filter and retry.',
      'source-error': 'The file could not be read. Is it a SQLite trace database?',
      unavailable:
        'Lost the connection to Tracescope. It reconnects on its own; retry in a moment.',
      forbidden: 'Tracescope refused this request.',
    }
    return `${message}${field ? ` (field: ${field})` : ''}${hint[code] ? ` — ${hint[code]}` : ''}`
  }
  return e instanceof Error ? e.message : String(e)
}
