// The OTLP/HTTP collector of a store thread, with its forwarder: at most one, started, stopped
// and reported on here. It runs beside the store it writes to, so decoding and writing
// 50,000 spans/s never touch main's event loop.
import { startCollector } from '../collector'
import type { CollectorHandle } from '../collector'
import { Forwarder, forwardQueueFileFor } from '../forward'
import type { ForwardTarget } from '../../shared/forwardTargets'
import type { SourceHost } from './sourceHost'
import type { CollectorStatus } from './storeOps'

interface Running {
  sourceId: string
  handle: CollectorHandle
  forwarder: Forwarder | null
}

export class CollectorLifecycle {
  private running: Running | null = null

  constructor(private readonly host: SourceHost) {}

  /** (re)start the collector writing into a writable source; a running one is stopped first */
  async start(a: {
    sourceId: string
    port: number
    forward?: ForwardTarget[]
  }): Promise<{ url: string; port: number }> {
    const store = this.host.writableStore(a.sourceId)
    await this.close()
    // the queue sits beside the app's store, so what the upstream missed survives a restart
    const forwarder = a.forward?.length
      ? new Forwarder({
          targets: a.forward,
          queueFile: forwardQueueFileFor(store.path),
          maxQueueBytes: 256 * 1024 * 1024,
          onEvent: (e) => {
            if (e.type === 'dropped' || e.type === 'rejected')
              process.stderr.write(
                `[tracescope] forward ${e.endpoint}: ${e.type}: ${'detail' in e ? e.detail : ''}\n`,
              )
          },
        })
      : null
    let handle: CollectorHandle
    try {
      handle = await startCollector({
        store,
        port: a.port,
        ...(forwarder ? { forward: forwarder.enqueue.bind(forwarder) } : {}),
      })
    } catch (e) {
      await forwarder?.close()
      throw e
    }
    this.running = { sourceId: a.sourceId, handle, forwarder }
    return { url: handle.url, port: handle.port }
  }

  /** false when none was running */
  async stop(): Promise<boolean> {
    if (!this.running) return false
    await this.close()
    return true
  }

  /** the collector's address and counters, and each forward endpoint's; null when it is off */
  status(): CollectorStatus | null {
    const c = this.running
    return c
      ? {
          url: c.handle.url,
          port: c.handle.port,
          stats: c.handle.stats(),
          forward: c.forwarder?.stats() ?? [],
        }
      : null
  }

  /** stop whatever runs: the listener first, then the forwarder (its queue is on disk) */
  async close(): Promise<void> {
    const c = this.running
    this.running = null
    if (!c) return
    await c.handle.close()
    await c.forwarder?.close()
  }
}
