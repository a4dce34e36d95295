// Which spans the tail has already shown, per session, and which sessions it knows completely.
// Pure bookkeeping (no I/O), so the dedupe rules have their own tests.
import type { Span } from '../../shared/domain'

/** A span is shown again only when it changed in a way a reader cares about (it ended, failed). */
function fingerprint(s: Span): string {
  return `${s.endTime ?? ''}|${s.status}`
}

export class SeenSpans {
  private readonly bySession = new Map<string, Map<string, string>>()
  /** sessions whose every span has passed through here: their span count can be reconciled */
  private readonly complete = new Set<string>()
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
    if (before === fp) return false
    spans.set(s.spanId, fp)
    return true
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

  sessions(): number {
    return this.bySession.size
  }
}
