// OTLP → Tracescope records. One home for the mapping: the collector, the file importer and
// the SpanExporter of the Node SDK all come through here.
export { otlpTracesToRecords, OtlpRequestError } from './otlpTraces'
export type { OtlpMapOptions, OtlpMapResult, OtlpRejection } from './otlpTraces'
export { otlpLogsToRecords, severityLevel } from './otlpLogs'
export {
  decodeOtlpBody,
  encodeExportResponse,
  encodeStatus,
  encodingOf,
  mapOtlpBody,
} from './otlpDecode'
export { otlpTraceProtoToRecords } from './otlpTracesProto'
export type { OtlpEncoding, OtlpSignal } from './otlpDecode'
export { OtlpValueError, anyValue, nanosToMillis, otlpId } from './otlpValues'
export { otlpProtoTypes } from './otlpProto'
