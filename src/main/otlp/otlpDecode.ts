// OTLP request bodies (JSON or protobuf) → request objects the mapping reads, and the
// response bodies OTLP/HTTP answers with, in the encoding the client used.
import { otlpLogsToRecords } from './otlpLogs'
import { otlpProtoTypes } from './otlpProto'
import { OtlpRequestError, otlpTracesToRecords } from './otlpTraces'
import type { OtlpMapResult } from './otlpTraces'
import { otlpTraceProtoToRecords } from './otlpTracesProto'

export type OtlpSignal = 'traces' | 'logs'
export type OtlpEncoding = 'json' | 'protobuf'

/** `application/json` / `application/x-protobuf` (parameters ignored); null for anything else. */
export function encodingOf(contentType: string | undefined): OtlpEncoding | null {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase()
  if (type === 'application/json') return 'json'
  if (type === 'application/x-protobuf' || type === 'application/protobuf') return 'protobuf'
  return null
}

export function decodeOtlpBody(signal: OtlpSignal, encoding: OtlpEncoding, body: Buffer): unknown {
  if (encoding === 'json') {
    let parsed: unknown
    try {
      parsed = JSON.parse(body.toString('utf8'))
    } catch (e) {
      throw new OtlpRequestError(`body is not valid JSON: ${(e as Error).message}`)
    }
    return parsed
  }
  const t = otlpProtoTypes()
  try {
    return (signal === 'traces' ? t.traceRequest : t.logsRequest).decode(body)
  } catch (e) {
    throw new OtlpRequestError(
      `body is not a valid OTLP ${signal} protobuf message: ${(e as Error).message}`,
    )
  }
}

/**
 * A request body → records: what the collector runs per request. Protobuf traces are read
 * straight off the wire; JSON and logs are parsed, then mapped.
 */
export function mapOtlpBody(
  signal: OtlpSignal,
  encoding: OtlpEncoding,
  body: Buffer,
): OtlpMapResult {
  if (signal === 'traces' && encoding === 'protobuf') return otlpTraceProtoToRecords(body)
  const request = decodeOtlpBody(signal, encoding, body)
  return signal === 'traces' ? otlpTracesToRecords(request) : otlpLogsToRecords(request)
}

/** The success body: empty, or `partialSuccess` naming how many were rejected and why. */
export function encodeExportResponse(
  signal: OtlpSignal,
  encoding: OtlpEncoding,
  rejected: number,
  errorMessage: string,
): Buffer | string {
  const field = signal === 'traces' ? 'rejectedSpans' : 'rejectedLogRecords'
  const body =
    rejected > 0 || errorMessage ? { partialSuccess: { [field]: rejected, errorMessage } } : {}
  if (encoding === 'json') {
    // int64 is a string in OTLP JSON
    if (rejected > 0 || errorMessage)
      (body.partialSuccess as Record<string, unknown>)[field] = String(rejected)
    return JSON.stringify(body)
  }
  const t = otlpProtoTypes()
  const type = signal === 'traces' ? t.traceResponse : t.logsResponse
  return Buffer.from(type.encode(type.fromObject(body)).finish())
}

/** The error body: a google.rpc.Status (code 3 = INVALID_ARGUMENT, 8 = RESOURCE_EXHAUSTED, …). */
export function encodeStatus(
  encoding: OtlpEncoding | null,
  code: number,
  message: string,
): Buffer | string {
  if (encoding === 'protobuf') {
    const t = otlpProtoTypes().rpcStatus
    return Buffer.from(t.encode(t.fromObject({ code, message })).finish())
  }
  return JSON.stringify({ code, message })
}
