// OTLP log records → Tracescope events (and errors for records that carry an exception).
import type { Attributes, TraceRecord } from '../../shared/domain'
import { genAiSession } from './genAi'
import { agentIdentity } from '../../shared/agentIdentity'
import { OtlpRequestError, contextAttributes } from './otlpTraces'
import type { OtlpMapResult, OtlpRejection } from './otlpTraces'
import {
  OtlpValueError,
  anyValue,
  asArray,
  asObject,
  enumInt,
  keyValues,
  nanosToMillis,
  otlpId,
  str,
} from './otlpValues'

/** OTLP severity numbers come in bands of four (TRACE 1–4 … FATAL 21–24). */
export function severityLevel(severityNumber: number, severityText: string): string | null {
  if (severityNumber >= 1 && severityNumber <= 24) {
    return ['trace', 'debug', 'info', 'warning', 'error', 'fatal'][
      Math.floor((severityNumber - 1) / 4)
    ]
  }
  const t = severityText.toLowerCase()
  if (!t) return null
  return t === 'warn' ? 'warning' : t
}

/** FNV-1a: a stable id for a log record, so a retried export does not duplicate it. */
function fnv1a(s: string): string {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return (h >>> 0).toString(16).padStart(8, '0')
}

export function otlpLogsToRecords(request: unknown): OtlpMapResult {
  if (typeof request !== 'object' || request === null || Array.isArray(request)) {
    throw new OtlpRequestError('an OTLP logs request must be an object with "resourceLogs"')
  }
  const resourceLogs = (request as { resourceLogs?: unknown }).resourceLogs
  if (resourceLogs !== undefined && resourceLogs !== null && !Array.isArray(resourceLogs)) {
    throw new OtlpRequestError('"resourceLogs" must be an array')
  }
  const records: TraceRecord[] = []
  const rejected: OtlpRejection[] = []
  const sessions = new Map<string, number>()
  let accepted = 0
  let index = 0
  for (let r = 0; r < (resourceLogs?.length ?? 0); r++) {
    const whereR = `resourceLogs[${r}]`
    let scopeLogs: unknown[]
    let resourceCtx: Attributes
    try {
      const rl = asObject(resourceLogs![r], whereR)
      resourceCtx = contextAttributes(rl.resource, undefined, whereR)
      scopeLogs = asArray(rl.scopeLogs, `${whereR}.scopeLogs`)
    } catch (e) {
      throw new OtlpRequestError((e as Error).message)
    }
    for (let s = 0; s < scopeLogs.length; s++) {
      const whereS = `${whereR}.scopeLogs[${s}]`
      let logs: unknown[]
      let ctx: Attributes
      try {
        const sl = asObject(scopeLogs[s], whereS)
        ctx = { ...resourceCtx, ...contextAttributes(undefined, sl.scope, whereS) }
        logs = asArray(sl.logRecords, `${whereS}.logRecords`)
      } catch (e) {
        throw new OtlpRequestError((e as Error).message)
      }
      for (let i = 0; i < logs.length; i++, index++) {
        try {
          const mapped = mapLog(logs[i], ctx, `${whereS}.logRecords[${i}]`)
          for (const rec of mapped) {
            records.push(rec)
            if (rec.kind === 'event' && !sessions.has(rec.sessionId))
              sessions.set(rec.sessionId, rec.time)
          }
          accepted++
        } catch (e) {
          if (!(e instanceof OtlpValueError)) throw e
          rejected.push({ index, reason: e.message })
        }
      }
    }
  }
  const sessionRecords: TraceRecord[] = [...sessions.keys()].map((id) => ({
    kind: 'session',
    id,
    attributes: { source: 'otlp' },
  }))
  return { records: sessionRecords.concat(records), rejected, accepted }
}

function mapLog(raw: unknown, ctx: Attributes, where: string): TraceRecord[] {
  const lr = asObject(raw, where)
  const time =
    nanosToMillis(lr.timeUnixNano, `${where}.timeUnixNano`) ??
    nanosToMillis(lr.observedTimeUnixNano, `${where}.observedTimeUnixNano`)
  if (time === null) throw new OtlpValueError(`${where} needs timeUnixNano or observedTimeUnixNano`)
  const traceId = otlpId(lr.traceId, 16, `${where}.traceId`)
  const spanId = otlpId(lr.spanId, 8, `${where}.spanId`)
  const severityText = str(lr.severityText, `${where}.severityText`)
  const level = severityLevel(enumInt(lr.severityNumber, `${where}.severityNumber`), severityText)
  const body = anyValue(lr.body, `${where}.body`)
  const message = body === null ? null : typeof body === 'string' ? body : JSON.stringify(body)
  const attributes = Object.assign(keyValues(lr.attributes, `${where}.attributes`), ctx)
  const eventName = str(lr.eventName, `${where}.eventName`)
  if (traceId) attributes.traceId = traceId
  const agentId = agentIdentity(attributes)?.key ?? null
  const service =
    typeof attributes['resource.service.name'] === 'string'
      ? attributes['resource.service.name']
      : 'unknown'
  const sessionId = genAiSession(attributes) ?? traceId ?? `logs:${service}`
  const id = `log:${fnv1a(`${time}|${traceId}|${spanId}|${level}|${message}|${eventName}`)}${fnv1a(`${message}|${time}`)}`
  const out: TraceRecord[] = [
    {
      kind: 'event',
      id,
      sessionId,
      spanId,
      agentId,
      time,
      name: eventName || 'log',
      level,
      message,
      attributes,
    },
  ]
  const exType = attributes['exception.type']
  const exMessage = attributes['exception.message']
  if (typeof exType === 'string' || typeof exMessage === 'string') {
    out.push({
      kind: 'error',
      id: `${id}:x`,
      sessionId,
      spanId,
      agentId,
      time,
      type: typeof exType === 'string' ? exType : 'exception',
      message: typeof exMessage === 'string' ? exMessage : (message ?? ''),
      stack:
        typeof attributes['exception.stacktrace'] === 'string'
          ? attributes['exception.stacktrace']
          : null,
    })
  }
  return out
}
