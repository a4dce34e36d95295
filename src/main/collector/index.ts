export { startCollector, CollectorConfigError } from './startCollector'
export type { CollectorHandle, CollectorOptions } from './startCollector'
export type { CollectorSink, CollectorStats } from './otlpReceiver'
export { isLoopbackHost } from './loopback'
