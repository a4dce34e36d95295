// Progress lines on stderr: silent for work that finishes within a second, then throttled.
// On a terminal one line is rewritten in place; into a file or pipe a line at most every second.

const SHOW_AFTER_MS = 1000

export class Progress {
  private readonly started = Date.now()
  private lastShown = 0
  private shownOnTty = false

  constructor(
    private readonly out: NodeJS.WritableStream & { isTTY?: boolean },
    private readonly now: () => number = Date.now,
  ) {}

  update(message: string): void {
    const t = this.now()
    if (t - this.started < SHOW_AFTER_MS) return
    const tty = this.out.isTTY === true
    if (t - this.lastShown < (tty ? 100 : 1000)) return
    this.lastShown = t
    if (tty) {
      this.out.write(`\r\x1b[2K${message}`)
      this.shownOnTty = true
    } else this.out.write(`${message}\n`)
  }

  /** Ends an in-place line so what follows starts on its own line. */
  done(): void {
    if (this.shownOnTty) this.out.write('\n')
    this.shownOnTty = false
  }
}
