// The SDK's entry for `import … from 'tracescope'` in plain Node (ES modules). Node cannot list
// the names of a CommonJS module that loads TypeScript, so they are listed here;
// test/lib/sdkEntry.test.ts checks that this list is exactly what src/lib/index.ts exports.
import sdk from './index.cjs'

export const {
  ActiveSpan,
  LogHandler,
  PinoDestination,
  TraceStorage,
  Tracer,
  TracescopeSpanExporter,
  createLogHandler,
  createTracer,
  openStore,
  otlpLogsToRecords,
  otlpTracesToRecords,
  pinoDestination,
  pinoLevel,
  readableSpansToOtlp,
  seedTraceToRecord,
} = sdk
