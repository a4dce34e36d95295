// Flushes the SDK's log handlers when the process is asked to stop (SIGTERM, SIGINT), then lets
// the signal do what it would have done. A library must not change how its host process reacts
// to a signal, so:
//  - one listener per signal for all handlers, installed while at least one handler is open;
//  - on the signal it drains every handler (lines logged while draining are drained too);
//  - then, if the application has no listener of its own for that signal, it removes itself and
//    re-raises the signal, so the process ends exactly as it would have without us (killed by
//    the signal, same exit status); if the application listens too, the application decides
//    when to exit (it should `await log.close()` first: process.exit() cannot wait for a write);
//  - a second signal of the same kind while draining, or a drain that takes longer than
//    DRAIN_LIMIT_MS (a store that cannot write), re-raises at once: stopping always wins.
// The store's API commits through its asynchronous writer queue, so the drain is asynchronous: the
// process stays alive until the last line is committed. Each round starts the store's commit in
// the same tick as the write (no batching delay) and the signal is re-raised in the same tick as
// the check that nothing is left, so no line the application logs can slip in between; an
// application logging without pause only adds a few short rounds.

export interface Drainable {
  /** commits everything buffered at once; resolves when committed */
  drain(): Promise<void>
  /** nothing buffered and nothing on its way to the store */
  readonly idle: boolean
}

const SIGNALS = ['SIGTERM', 'SIGINT'] as const
type StopSignal = (typeof SIGNALS)[number]

const DRAIN_LIMIT_MS = 10_000
const handlers = new Set<Drainable>()
const listeners = new Map<StopSignal, () => void>()
let draining: StopSignal | null = null

/** Drains until every handler's buffer is empty after its flush committed. */
async function drainAll(): Promise<void> {
  for (let round = 0; round < 1000; round++) {
    await Promise.all([...handlers].map((h) => h.drain().catch(() => undefined)))
    if ([...handlers].every((h) => h.idle)) return
  }
}

function reraise(signal: StopSignal): void {
  const own = listeners.get(signal)
  if (own) process.off(signal, own)
  listeners.delete(signal)
  // the application listens too: it owns the decision to exit
  if (process.listenerCount(signal) > 0) return
  process.kill(process.pid, signal)
}

function onSignal(signal: StopSignal): void {
  if (draining === signal) {
    reraise(signal) // asked twice: stop now
    return
  }
  if (draining) return
  draining = signal
  const limit = setTimeout(() => reraise(signal), DRAIN_LIMIT_MS)
  limit.unref()
  void drainAll().then(() => {
    clearTimeout(limit)
    draining = null
    // same tick as drainAll's "nothing buffered" check: no line can be logged in between
    if (listeners.has(signal)) {
      reraise(signal)
      // application handler present: listen again for the next signal while handlers remain
      if (handlers.size > 0 && !listeners.has(signal)) listen(signal)
    }
  })
}

function listen(signal: StopSignal): void {
  const l = () => onSignal(signal)
  listeners.set(signal, l)
  process.on(signal, l)
}

export function flushOnSignals(h: Drainable): void {
  handlers.add(h)
  for (const s of SIGNALS) if (!listeners.has(s)) listen(s)
}

export function stopFlushOnSignals(h: Drainable): void {
  handlers.delete(h)
  if (handlers.size > 0 || draining) return
  for (const [s, l] of listeners) process.off(s, l)
  listeners.clear()
}
