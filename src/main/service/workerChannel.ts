// The store worker's side of its link to main: a forked Node process (process.send) or, in
// the desktop app, an Electron utility process (process.parentPort). Either way the worker
// sees one shape, and reads its settings from the environment.
import { WORKER_DATA_ENV } from './workerProtocol'
import type { StoreWorkerData, WorkerCall, WorkerReply } from './workerProtocol'

export interface ParentChannel {
  data: StoreWorkerData
  post(reply: WorkerReply): void
  onCall(fn: (call: WorkerCall) => void): void
  /** main went away (crashed or was killed): the worker should close its files and end */
  onParentGone(fn: () => void): void
}

interface UtilityParentPort {
  postMessage(message: unknown): void
  on(event: 'message', fn: (e: { data: unknown }) => void): void
}

export function parentChannel(): ParentChannel {
  const data = JSON.parse(process.env[WORKER_DATA_ENV] ?? '{}') as StoreWorkerData
  const utility = (process as unknown as { parentPort?: UtilityParentPort }).parentPort
  if (utility) {
    return {
      data,
      post: (reply) => utility.postMessage(reply),
      onCall: (fn) => utility.on('message', (e) => fn(e.data as WorkerCall)),
      // Electron ends a utility process together with its parent
      onParentGone: () => undefined,
    }
  }
  const send = process.send?.bind(process)
  if (!send) throw new Error('storeWorker must run as a child process of Tracescope')
  return {
    data,
    post: (reply) => {
      send(reply)
    },
    onCall: (fn) => process.on('message', (m) => fn(m as WorkerCall)),
    onParentGone: (fn) => process.once('disconnect', fn),
  }
}
