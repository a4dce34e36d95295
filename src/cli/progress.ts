// Progress lines on stderr: silent for work that finishes within a second, then throttled.
// On a terminal one line is rewritten in place; into a file or pipe a line at most every second.

const SHOW_AFTER_MS = 1000

export class Progress {
  private readonly started: number
  private lastShown = 0
  private shownOnTty = false
  private pending: string | null = null
  private timer: NodeJS.Timeout | null = null

  constructor(
    private readonly out: NodeJS.WritableStream & { isTTY?: boolean },
    private readonly now: () => number = Date.now,
  ) {
    this.started = now()
  }

  update(message: string): void {
    const t = this.now()
    if (t - this.started < SHOW_AFTER_MS) {
      // a single long step (vacuum, a big query) still gets its line once the second is up
      this.pending = message
      this.timer ??= setTimeout(
        () => this.flushPending(),
        SHOW_AFTER_MS - (t - this.started),
      ).unref()
      return
    }
    const tty = this.out.isTTY === true
    if (t - this.lastShown < (tty ? 100 : 1000)) return
    this.show(message, t)
  }

  /** Ends an in-place line so what follows starts on its own line. */
  done(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    this.pending = null
    if (this.shownOnTty) this.out.write('\n')
    this.shownOnTty = false
  }

  private flushPending(): void {
    this.timer = null
    if (this.pending !== null && this.lastShown === 0) this.show(this.pending, this.now())
    this.pending = null
  }

  private show(message: string, t: number): void {
    this.lastShown = t
    if (this.out.isTTY === true) {
      this.out.write(`\r\x1b[2K${message}`)
      this.shownOnTty = true
    } else this.out.write(`${message}\n`)
  }
}

/** `[#########···········]  45%`: a bar for a share of work done (0..1), for progress lines. */
export function progressBar(fraction: number, width = 20): string {
  const f = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0))
  const full = Math.round(f * width)
  return `[${'#'.repeat(full)}${'·'.repeat(width - full)}] ${String(Math.floor(f * 100)).padStart(3)}%`
}
