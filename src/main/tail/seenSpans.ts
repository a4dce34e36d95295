// Which spans the tail has already shown, per session, and which sessions it knows completely.
// Pure bookkeeping (no I/O), so the dedupe rules have their own tests.
import type { Span } from '../../shared/domain'

interface Seen {
  fingerprint: string
  startTime: number
}

/** A span is shown again only when it changed in a way a reader cares about (it ended, failed). */
function fingerprint(s: Span): string {
  return `${s.endTime ?? ''}|${s.status}`
}

export class SeenSpans {
  private readonly bySession = new Map<string, Map<string, Seen>>()
  /** sessions whose every span has passed through here: their span count can be reconciled */
  private readonly complete = new Set<string>()
  private size = 0
  /** the newest start time seen: the next window starts a little before it */
  watermark = -Infinity

  /** Records a span; true when it is new or changed (so it should be emitted). */
  add(s: Span): boolean {
    let spans = this.bySession.get(s.sessionId)
    if (!spans) {
      spans = new Map()
      this.bySession.set(s.sessionId, spans)
    }
    if (s.startTime > this.watermark) this.watermark = s.startTime
    const fp = fingerprint(s)
    const before = spans.get(s.spanId)
    if (before?.fingerprint === fp) return false
    if (!before) this.size++
    spans.set(s.spanId, { fingerprint: fp, startTime: s.startTime })
    return true
  }

  /** true when this span was shown before (in any state) */
  knows(s: Span): boolean {
    return this.bySession.get(s.sessionId)?.has(s.spanId) ?? false
  }

  count(sessionId: string): number {
    return this.bySession.get(sessionId)?.size ?? 0
  }

  has(sessionId: string): boolean {
    return this.bySession.has(sessionId)
  }

  markComplete(sessionId: string): void {
    this.complete.add(sessionId)
  }

  isComplete(sessionId: string): boolean {
    return this.complete.has(sessionId)
  }

  /** spans remembered */
  get tracked(): number {
    return this.size
  }

  /**
   * Bounds memory on a long tail: spans of sessions that are not tracked completely and started
   * before `before` can never come back through the window, so they are forgotten; past
   * `maxTracked`, complete sessions other than `keep` are demoted (then forgotten the same way).
   */
  prune(before: number, maxTracked: number, keep?: string): void {
    if (this.size > maxTracked) {
      for (const id of this.complete) if (id !== keep) this.complete.delete(id)
    }
    for (const [id, spans] of this.bySession) {
      if (this.complete.has(id)) continue
      for (const [spanId, seen] of spans) {
        if (seen.startTime < before) {
          spans.delete(spanId)
          this.size--
        }
      }
      if (spans.size === 0) this.bySession.delete(id)
    }
  }
}
