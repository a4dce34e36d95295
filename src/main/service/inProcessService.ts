// The store service on the caller's own thread: for the CLI, tests and the benchmark's
// baseline. Same API as the worker flavour, no time bound (nothing to kill).
import { ContractError } from '../../shared/contract/errors'
import { startChangePoller } from './changePoller'
import { createHostOps } from './hostOps'
import type { StoreOpArgs, StoreOpHandlers, StoreOpName, StoreOpResult } from './storeOps'
import { SourceHost } from './sourceHost'
import type { OpenRequest, HostedSource, SourceOpener } from './sourceTypes'
import { StoreService } from './storeService'
import type { ServiceOptions } from './storeService'

export interface InProcessOptions extends ServiceOptions {
  opener: SourceOpener
  pollIntervalMs?: number
  allowDebugOps?: boolean
}

export class InProcessStoreService extends StoreService {
  readonly kind = 'in-process' as const
  private readonly host: SourceHost
  private readonly ops: StoreOpHandlers
  private readonly stopPolling: () => void
  private closed = false

  constructor(opts: InProcessOptions) {
    super(opts)
    this.host = new SourceHost(opts.opener)
    this.ops = createHostOps(this.host, (e) => this.hostEvent(e), {
      allowDebugOps: opts.allowDebugOps,
    })
    this.stopPolling = startChangePoller(
      this.host,
      (sourceId, token) => this.hostEvent({ type: 'changed', sourceId, token }),
      opts.pollIntervalMs,
    )
  }

  protected async dispatch<O extends StoreOpName>(
    _sourceId: string | null,
    op: O,
    args: StoreOpArgs<O>,
  ): Promise<StoreOpResult<O>> {
    if (this.closed) throw new ContractError('unavailable', 'The store service has shut down.')
    // indexing a mapped type by a generic key loses the correlation TypeScript cannot track;
    // StoreOpHandlers guarantees ops[op] takes StoreOpArgs<O> and returns StoreOpResult<O>
    const fn = this.ops[op] as StoreOpHandlers[O] as (
      a: StoreOpArgs<O>,
    ) => StoreOpResult<O> | Promise<StoreOpResult<O>>
    return await fn(args)
  }

  async open(req: OpenRequest): Promise<HostedSource> {
    return this.timed(req.sourceId, 'open', req)
  }

  async close(sourceId: string): Promise<boolean> {
    return this.timed(sourceId, 'close', { sourceId })
  }

  list(): HostedSource[] {
    return this.host.list()
  }

  async shutdown(): Promise<void> {
    if (this.closed) return
    this.stopPolling()
    // the ops' closeAll also stops a collector started here (host.closeAll alone left it listening)
    await this.ops.closeAll(undefined)
    this.closed = true
  }
}
