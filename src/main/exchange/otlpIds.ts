// OTLP wants 32-hex trace ids and 16-hex span ids. Foreign sources use any string, so those are
// turned into valid ids deterministically (same input, same id, in every export), and the
// original is kept as an attribute so nothing is lost.

import { createHash } from 'node:crypto'

const HEX32 = /^[0-9a-f]{32}$/i
const HEX16 = /^[0-9a-f]{16}$/i
const ZERO = /^0+$/

export const ORIGINAL_TRACE_ID = 'tracescope.original_trace_id'
export const ORIGINAL_SPAN_ID = 'tracescope.original_span_id'
export const ORIGINAL_PARENT_ID = 'tracescope.original_parent_span_id'

function hashHex(parts: string[], hexChars: number): string {
  const h = createHash('sha256')
  for (const p of parts) h.update(p).update('\0')
  let hex = h.digest('hex').slice(0, hexChars)
  if (ZERO.test(hex)) hex = '1'.padStart(hexChars, '0') // the all-zero id means "invalid" in OTLP
  return hex
}

export function isOtlpTraceId(id: string): boolean {
  return HEX32.test(id) && !ZERO.test(id)
}

export function isOtlpSpanId(id: string): boolean {
  return HEX16.test(id) && !ZERO.test(id)
}

/** A valid trace id: the span's own when it is one, else derived from session and original id. */
export function otlpTraceId(sessionId: string, traceId: string | null | undefined): string {
  if (traceId && isOtlpTraceId(traceId)) return traceId.toLowerCase()
  return hashHex(['trace', sessionId, traceId ?? ''], 32)
}

/** A valid span id: the span's own when it is one, else derived from session and original id. */
export function otlpSpanId(sessionId: string, spanId: string): string {
  if (isOtlpSpanId(spanId)) return spanId.toLowerCase()
  return hashHex(['span', sessionId, spanId], 16)
}
