// A store worker is a child process, not a thread: a worker inside a long SQLite query cannot
// be stopped from JavaScript (better-sqlite3 exposes no interrupt, and a thread's terminate()
// waits until the native call returns), while a process can always be killed. LaneChild is
// what a lane needs of one; under Node it is child_process.fork, in the desktop app Electron's
// utilityProcess (src/main/electron/utilityLaneChild.ts), since fork would need RunAsNode.
import { fork } from 'node:child_process'
// set in this process's environment before a worker process inherits it and loads SQLite
import '../sqliteUris'
import { workerScript } from '../workerScript'
import type { WorkerScript } from '../workerScript'
import { WORKER_DATA_ENV } from './workerProtocol'
import type { StoreWorkerData, WorkerCall, WorkerReply } from './workerProtocol'

export interface LaneChild {
  readonly pid: number | undefined
  send(call: WorkerCall): void
  onMessage(fn: (reply: WorkerReply) => void): void
  /** the child ended (killed, crashed or exited); called once */
  onExit(fn: (reason: string) => void): void
  /** SIGKILL: ends the child whatever it is doing, a query inside SQLite included */
  kill(): void
  /** whether the child keeps the parent's event loop alive */
  ref(): void
  unref(): void
}

export type SpawnLaneChild = (data: StoreWorkerData) => LaneChild

/** the store worker's entry, found as every worker's is (workerScript.ts) */
export function storeWorkerScript(dir = __dirname): WorkerScript {
  return workerScript(dir, 'storeWorker')
}

/** Under Node: a forked process, messages in V8's serialization (typed arrays survive). */
export const forkStoreWorker: SpawnLaneChild = (data) => {
  const { file, entry } = storeWorkerScript()
  const child = fork(file, [], {
    serialization: 'advanced',
    // not the parent's flags (a test runner's loaders); a stuck query must not take all memory
    execArgv: ['--max-old-space-size=1024'],
    env: { ...process.env, [WORKER_DATA_ENV]: JSON.stringify({ ...data, entry }) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  let exited = false
  const exitListeners: Array<(reason: string) => void> = []
  const ended = (reason: string) => {
    if (exited) return
    exited = true
    for (const fn of exitListeners) fn(reason)
  }
  child.on('exit', (code, signal) =>
    ended(signal ? `was killed (${signal})` : `exited with code ${code}`),
  )
  child.on('error', (e) => {
    // spawn failed, or the channel broke: the process is of no more use
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    ended(`failed: ${e.message}`)
  })
  return {
    get pid() {
      return child.pid
    },
    send(call) {
      if (child.connected) child.send(call)
    },
    onMessage(fn) {
      child.on('message', (m) => fn(m as WorkerReply))
    },
    onExit(fn) {
      exitListeners.push(fn)
    },
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    },
    ref() {
      child.ref()
      child.channel?.ref()
    },
    unref() {
      child.unref()
      child.channel?.unref()
    },
  }
}
