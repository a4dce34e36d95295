// `tracescope collect`: a headless OTLP/HTTP collector writing into a trace store.
import type { CliCommand, CliContext } from '../command'
import { CliError } from '../command'
import { count } from '../format'
import { load } from '../lazy'
import { optPort } from '../options'
import type { TraceStore } from '../../main/store/storeApi'
import type { CollectorHandle } from '../../main/collector'
import type { ForwardEvent, Forwarder } from '../../main/forward'

function strings(v: unknown): string[] {
  if (v === undefined) return []
  return (Array.isArray(v) ? v : [v]).map(String)
}

/** one line per forwarding event the user must see: drops, refusals, outages and recoveries */
function describe(e: ForwardEvent): string | null {
  switch (e.type) {
    case 'dropped':
      return `forward ${e.endpoint}: DROPPED a request of ${e.bytes} bytes (${e.detail}); ${e.dropped} dropped so far`
    case 'rejected':
      return `forward ${e.endpoint}: the upstream refused a request for good (${e.detail}); not retried`
    case 'retrying':
      // the first failure and then every 10th: an outage is reported, not a line per retry
      return e.failures === 1 || e.failures % 10 === 0
        ? `forward ${e.endpoint}: ${e.detail}; queued, retrying in ${(e.delayMs / 1000).toFixed(1)} s`
        : null
    case 'recovered':
      return `forward ${e.endpoint}: reachable again after ${e.failures} failed attempts; sending the queue`
  }
}

function num(ctx: CliContext, name: string, fallback: number): number {
  const v = ctx.options[name]
  if (v === undefined) return fallback
  const n = typeof v === 'number' ? v : Number(v)
  if (!Number.isFinite(n) || n < 0)
    throw new CliError(`--${name} must be a non-negative number, got ${String(v)}`, 2)
  return n
}

export const collectCommand: CliCommand = {
  name: 'collect',
  summary: 'receive OTLP/HTTP traces and logs (JSON or protobuf) into a store',
  usage: 'collect [--db file] [--port 4318] [--host 127.0.0.1]',
  options: [
    { name: 'db', type: 'string', description: 'store to write (default: the app store)' },
    {
      name: 'port',
      type: 'number',
      default: 4318,
      description: 'port to listen on (0 picks a free one)',
    },
    {
      name: 'host',
      type: 'string',
      default: '127.0.0.1',
      description: 'address to bind; anything but loopback needs --allow-remote and --token',
    },
    { name: 'allow-remote', type: 'boolean', description: 'permit a non-loopback --host' },
    {
      name: 'token',
      type: 'string',
      description: 'bearer token clients must send (required with --allow-remote)',
    },
    {
      name: 'synchronous',
      type: 'string',
      default: 'normal',
      description:
        'normal: a stored batch survives a crash of this process, not a power loss; full: it survives power loss too (an fsync per batch)',
    },
    {
      name: 'max-buffered-mb',
      type: 'number',
      default: 160,
      description: 'request bytes held at once across all requests, MiB; past it, 429',
    },
    {
      name: 'forward',
      type: 'string',
      multiple: true,
      description:
        'also send every stored request to this OTLP/HTTP endpoint (e.g. http://collector:4318), queued on disk while it is down',
    },
    {
      name: 'forward-header',
      type: 'string',
      multiple: true,
      description:
        'header sent with forwarded requests, name=value (e.g. authorization=Bearer abc)',
    },
    {
      name: 'forward-queue-mb',
      type: 'number',
      default: 256,
      description:
        'bytes the forward queue holds per endpoint, MiB; past it requests are dropped and counted',
    },
    {
      name: 'forward-queue',
      type: 'string',
      description: 'the forward queue file (default: <db>.forward-queue.db beside the store)',
    },
    {
      name: 'max-body-mb',
      type: 'number',
      default: 16,
      description: 'largest request body accepted, MiB',
    },
  ],
  async run(ctx) {
    // heavy modules load here, never on the --help path
    const { openStore } = await load.traceStoreAsync()
    const { CollectorConfigError, startCollector } = await load.collector()
    const dbPath = ctx.dbPath()
    const port = optPort(ctx, 4318)
    const token =
      typeof ctx.options.token === 'string'
        ? ctx.options.token
        : (process.env.TRACESCOPE_COLLECTOR_TOKEN ?? undefined)
    const synchronous = ctx.options.synchronous ?? 'normal'
    if (synchronous !== 'normal' && synchronous !== 'full')
      throw new CliError(`--synchronous must be normal or full, not ${String(synchronous)}`, 2)
    const forwardUrls = strings(ctx.options.forward)
    const forwardHeaders = strings(ctx.options['forward-header'])
    if (forwardHeaders.length && !forwardUrls.length)
      throw new CliError('--forward-header needs --forward <url>', 2)
    let forwarder: Forwarder | null = null
    if (forwardUrls.length) {
      const fwd = await load.forward()
      let targets: Array<{ url: string; headers: Record<string, string> }>
      try {
        const headers = Object.fromEntries(forwardHeaders.map((h) => fwd.parseForwardHeader(h)))
        targets = forwardUrls.map((u) => ({ url: fwd.parseForwardUrl(u), headers }))
      } catch (e) {
        throw new CliError((e as Error).message, 2)
      }
      const queueFile =
        typeof ctx.options['forward-queue'] === 'string'
          ? ctx.options['forward-queue']
          : fwd.forwardQueueFileFor(dbPath)
      try {
        forwarder = new fwd.Forwarder({
          targets,
          queueFile,
          maxQueueBytes: Math.round(num(ctx, 'forward-queue-mb', 256) * 1024 * 1024),
          onEvent: (e) => {
            if (ctx.json)
              ctx.stdout.write(`${JSON.stringify({ event: `forward-${e.type}`, ...e })}\n`)
            else {
              const line = describe(e)
              if (line) ctx.stderr.write(`${line}\n`)
            }
          },
        })
      } catch (e) {
        throw new CliError(`cannot open the forward queue ${queueFile}: ${(e as Error).message}`)
      }
    }
    let store: TraceStore
    try {
      store = openStore(dbPath, { synchronous })
    } catch (e) {
      await forwarder?.close()
      throw new CliError(`cannot open ${dbPath}: ${(e as Error).message}`)
    }
    let collector: CollectorHandle
    try {
      const maxBodyBytes = Math.round(num(ctx, 'max-body-mb', 16) * 1024 * 1024)
      collector = await startCollector({
        store,
        port,
        host: typeof ctx.options.host === 'string' ? ctx.options.host : '127.0.0.1',
        token,
        allowRemote: ctx.options['allow-remote'] === true,
        maxBodyBytes,
        maxDecompressedBytes: maxBodyBytes * 4,
        maxBufferedBytes: Math.round(num(ctx, 'max-buffered-mb', 160) * 1024 * 1024),
        ...(forwarder ? { forward: forwarder.enqueue.bind(forwarder) } : {}),
      })
    } catch (e) {
      await forwarder?.close()
      await store.close()
      if (e instanceof CollectorConfigError) throw new CliError(e.message, 2)
      throw e
    }
    const ready = {
      event: 'listening',
      url: collector.url,
      traces: `${collector.url}/v1/traces`,
      logs: `${collector.url}/v1/logs`,
      db: dbPath,
      forward: forwarder?.stats().map((f) => ({ endpoint: f.endpoint, queued: f.queued })) ?? [],
    }
    if (ctx.json) ctx.stdout.write(`${JSON.stringify(ready)}\n`)
    else
      ctx.stderr.write(
        `collecting OTLP/HTTP on ${ready.traces} (and /v1/logs) into ${dbPath}; Ctrl-C to stop\n`,
      )

    await new Promise<void>((resolve) => {
      if (ctx.signal.aborted) return resolve()
      ctx.signal.addEventListener('abort', () => resolve(), { once: true })
    })
    // answer every request in flight (their writes commit), then flush and close the store
    await collector.close()
    const forwarded = forwarder?.stats() ?? []
    await forwarder?.close()
    await store.flush()
    await store.close()
    const s = collector.stats()
    const summary = {
      event: 'stopped',
      requests: s.requests,
      acceptedSpans: s.acceptedSpans,
      rejectedSpans: s.rejectedSpans,
      logRecords: s.acceptedLogRecords,
      throttled: s.throttled,
      forward: forwarded.map(({ lastError: _, ...f }) => f),
    }
    if (ctx.json) ctx.stdout.write(`${JSON.stringify(summary)}\n`)
    else
      ctx.stderr.write(
        `stopped: ${count(s.acceptedSpans, 'span')} stored, ${s.rejectedSpans} rejected, ${count(s.acceptedLogRecords, 'log record')}, ${count(s.throttled, 'request')} throttled\n`,
      )
    if (!ctx.json)
      for (const f of forwarded)
        ctx.stderr.write(
          `forward ${f.endpoint}: ${count(f.forwarded, 'request')} forwarded, ${f.queued} still queued (kept for the next start), ${f.dropped} dropped, ${f.rejected} refused upstream\n`,
        )
    return 0
  },
}

export default collectCommand
