// The identity of an error record that came without an id.
import { createHash } from 'node:crypto'
import type { PreparedRecord } from './preparedRecord'

/** Errors without an id get one derived from their content, so a resent error is not doubled. */
export function derivedErrorId(r: Extract<PreparedRecord, { kind: 'error' }>): string {
  const h = createHash('sha1')
  h.update(`${r.sessionId ?? ''}\u0000${r.time}\u0000${r.type}\u0000${r.message}\u0000`)
  if (r.spanId !== null) h.update(r.spanId)
  return `err-${h.digest('hex').slice(0, 20)}`
}
