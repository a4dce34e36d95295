// How many request bytes the collector holds at once, across all requests: a request is
// admitted by its declared Content-Length before its body is read, chunks beyond that and the
// gunzipped output are counted as they arrive, and a request the budget cannot take is
// answered 429 at once. Without it every parallel request could hold its 16 MiB body and
// 64 MiB of gunzipped text before the in-flight check saw any of them.

export class ByteBudget {
  private used = 0
  constructor(readonly limit: number) {}

  /** held by all requests now */
  inUse(): number {
    return this.used
  }

  /** A reservation for one request; give it back with release() when the answer is sent. */
  open(): BudgetTicket {
    return new BudgetTicket(this)
  }

  /** @internal one request alone is always admitted, so a body up to the limits never starves */
  take(n: number, holding: number): boolean {
    if (n <= 0) return true
    if (this.used + n > this.limit && this.used - holding > 0) return false
    this.used += n
    return true
  }

  /** @internal */
  give(n: number): void {
    this.used -= n
  }
}

export class BudgetTicket {
  private held = 0
  constructor(private readonly budget: ByteBudget) {}

  /** takes n more bytes for this request; false when the budget cannot hold them */
  take(n: number): boolean {
    if (!this.budget.take(n, this.held)) return false
    this.held += n
    return true
  }

  holding(): number {
    return this.held
  }

  release(): void {
    this.budget.give(this.held)
    this.held = 0
  }
}
