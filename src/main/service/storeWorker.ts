// Entry of a store worker process: hosts sources, answers WorkerCalls, reports changes.
import { ContractError } from '../../shared/contract/errors'
import { cutDeep, MAX_REPLY_NESTING } from '../../shared/nesting'
import { startChangePoller } from './changePoller'
import { createHostOps } from './hostOps'
import { isStoreOp } from './storeOps'
import type { HostEvent, StoreOpArgs, StoreOpName, StoreOpResult } from './storeOps'
import { SourceHost } from './sourceHost'
import type { SourceOpener } from './sourceTypes'
import type { WorkerCall, WorkerReply } from './workerProtocol'
import { parentChannel } from './workerChannel'
import { createOpener as createDefaultOpener } from './defaultOpener'
import { redirectAddonLoads } from '../nativeBinding'
import { installUserPrices } from '../userPrices'

// Electron dev runs: load better-sqlite3's Electron-ABI build (see src/main/nativeBinding.ts)
redirectAddonLoads()

const channel = parentChannel()
const data = channel.data

function loadOpener(): SourceOpener {
  if (!data.openerModule) return createDefaultOpener()
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(data.openerModule) as { createOpener(): SourceOpener }
  return mod.createOpener()
}

const post = (msg: WorkerReply) => channel.post(msg)
const emit = (event: HostEvent) => post({ type: 'event', event })

// sums are priced with the user's prices file too (the parent's environment names it)
installUserPrices()
const host = new SourceHost(loadOpener(), { readAhead: true })
const ops = createHostOps(host, emit, { allowDebugOps: data.allowDebugOps })
if (data.pollChanges !== false)
  startChangePoller(
    host,
    (sourceId, token) => emit({ type: 'changed', sourceId, token }),
    data.pollIntervalMs,
  )

// main is gone: close the files (the writer's queue is committed) and end
channel.onParentGone(() => {
  void Promise.resolve()
    .then(() => ops.closeAll(undefined))
    .catch(() => undefined)
    .finally(() => process.exit(0))
})

/** one operation, typed by StoreOpMap (the cast only restores what a generic index loses) */
function answer<O extends StoreOpName>(
  op: O,
  args: StoreOpArgs<O>,
): StoreOpResult<O> | Promise<StoreOpResult<O>> {
  const fn = ops[op] as (a: StoreOpArgs<O>) => StoreOpResult<O> | Promise<StoreOpResult<O>>
  return fn(args)
}

channel.onCall(async (call: WorkerCall) => {
  try {
    // the message crossed a process boundary: its op is checked here, its args by the caller's types
    const op: string = call.op
    if (!isStoreOp(op))
      throw new ContractError('unknown-channel', `store worker has no operation ${op}`)
    // a value nested deeper than the limit (a hostile or old file) would overflow the clone
    const value = cutDeep(await answer(call.op, call.args), MAX_REPLY_NESTING)
    post({ type: 'result', id: call.id, ok: true, value })
  } catch (e) {
    const err =
      e instanceof ContractError
        ? e
        : new ContractError('internal', e instanceof Error ? e.message : String(e))
    try {
      post({ type: 'result', id: call.id, ok: false, error: err.toShape() })
    } catch {
      // the channel to main is closed: onParentGone ends this process
    }
  }
})
