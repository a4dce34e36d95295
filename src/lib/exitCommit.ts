// Commits what an agent process still holds when it ends without closing its store: an uncaught
// exception (the trace of the crash is the one most wanted), an unhandled rejection, or
// process.exit(). An 'exit' listener runs synchronously and nothing asynchronous runs after it, so
// the log handlers first hand their buffers to their stores' queues, then every store commits its
// queue in one synchronous transaction. SIGKILL runs nothing: what was not yet committed is lost
// (at most one batch interval, 50 ms, of spans; a log handler's buffer).
import type { TraceStore } from '../main/store/storeApi'

export interface Buffered {
  /** hands everything buffered to the store's queue, synchronously */
  bufferToQueue(): void
}

const buffers = new Set<Buffered>()
const stores = new Set<TraceStore>()
let listening = false

function onExit(): void {
  for (const b of buffers) {
    try {
      b.bufferToQueue()
    } catch {
      // a process on its way out: nothing left to tell, the next store still gets its turn
    }
  }
  for (const s of stores) {
    try {
      s.commitSync()
    } catch {
      // as above
    }
  }
}

function update(): void {
  const want = buffers.size + stores.size > 0
  if (want && !listening) process.on('exit', onExit)
  if (!want && listening) process.off('exit', onExit)
  listening = want
}

export function commitOnExit(store: TraceStore): void {
  stores.add(store)
  update()
}

export function stopCommitOnExit(store: TraceStore): void {
  stores.delete(store)
  update()
}

export function queueOnExit(b: Buffered): void {
  buffers.add(b)
  update()
}

export function stopQueueOnExit(b: Buffered): void {
  buffers.delete(b)
  update()
}
