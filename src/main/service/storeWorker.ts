// Entry of a store worker thread: hosts sources, answers WorkerCalls, reports changes.
import { parentPort, workerData } from 'node:worker_threads'
import { ContractError } from '../../shared/contract/errors'
import { cutDeep, MAX_REPLY_NESTING } from '../../shared/nesting'
import { startChangePoller } from './changePoller'
import { createHostOps } from './hostOps'
import type { HostEvent } from './hostOps'
import { SourceHost } from './sourceHost'
import type { SourceOpener } from './sourceTypes'
import { transferablesOf } from './workerProtocol'
import type { StoreWorkerData, WorkerCall, WorkerReply } from './workerProtocol'
import { createOpener as createDefaultOpener } from './defaultOpener'
import { redirectAddonLoads } from '../nativeBinding'

// Electron dev runs: load better-sqlite3's Electron-ABI build (see src/main/nativeBinding.ts)
redirectAddonLoads()

const port = parentPort
if (!port) throw new Error('storeWorker must run in a worker thread')
const data = (workerData ?? {}) as StoreWorkerData

function loadOpener(): SourceOpener {
  if (!data.openerModule) return createDefaultOpener()
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(data.openerModule) as { createOpener(): SourceOpener }
  return mod.createOpener()
}

const post = (msg: WorkerReply, transfer: ArrayBuffer[] = []) => port.postMessage(msg, transfer)
const emit = (event: HostEvent) => post({ type: 'event', event })

const host = new SourceHost(loadOpener())
const ops = createHostOps(host, emit, { allowDebugOps: data.allowDebugOps })
if (data.pollChanges !== false)
  startChangePoller(
    host,
    (sourceId, token) => emit({ type: 'changed', sourceId, token }),
    data.pollIntervalMs,
  )

port.on('message', async (call: WorkerCall) => {
  try {
    const fn = (ops as unknown as Record<string, (a: unknown) => unknown>)[call.op]
    if (!fn) throw new ContractError('unknown-channel', `store worker has no operation ${call.op}`)
    // a value nested deeper than the limit (a hostile or old file) would overflow the clone
    const value = cutDeep(await fn(call.args), MAX_REPLY_NESTING)
    post({ type: 'result', id: call.id, ok: true, value }, transferablesOf(value))
  } catch (e) {
    const err =
      e instanceof ContractError
        ? e
        : new ContractError('internal', e instanceof Error ? e.message : String(e))
    post({ type: 'result', id: call.id, ok: false, error: err.toShape() })
  }
})
