// Span id → table row, for tables of up to millions of spans. A Map<string, number> of a
// million ids was the biggest single cost of loading a 1M-span session (bench/bigLoadProfile.ts):
// each entry is an object the garbage collector walks, the map rehashes every entry each time
// it doubles, and a new span costs a lookup and an insert that hash its id twice. Here: open
// addressing over an Int32Array of rows, with each row's id hash kept beside it so a probe
// compares strings only when the hashes agree. The ids themselves are the table's own array
// (append-only: a row's id never changes), so the index holds no strings of its own.

const EMPTY = -1

/** FNV-1a over the UTF-16 code units; any id, of any length. */
function hashOf(id: string): number {
  let h = 0x811c9dc5
  for (let k = 0; k < id.length; k++) h = Math.imul(h ^ id.charCodeAt(k), 0x01000193)
  // a last mix: ids that differ only in their final characters ("l1", "l2") spread across slots
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  return h ^ (h >>> 13)
}

export class SpanIndex {
  /** a row per slot, EMPTY where none; its length is a power of two, at most half full */
  private slots: Int32Array
  /** each row's id hash */
  private hashes: Int32Array
  private mask: number
  private rows = 0

  /** `ids`: the table's id of each row (getOrAdd's caller appends a new row's id) */
  constructor(
    private readonly ids: ReadonlyArray<string>,
    capacity = 8,
  ) {
    const slots = slotsFor(capacity)
    this.slots = new Int32Array(slots).fill(EMPTY)
    this.mask = slots - 1
    this.hashes = new Int32Array(Math.max(8, capacity))
  }

  /** how many rows are indexed */
  get size(): number {
    return this.rows
  }

  /** The row of span `id`, or undefined. */
  get(id: string): number | undefined {
    const h = hashOf(id)
    const { slots, hashes, ids, mask } = this
    for (let j = h & mask; ; j = (j + 1) & mask) {
      const r = slots[j]
      if (r === EMPTY) return undefined
      if (hashes[r] === h && ids[r] === id) return r
    }
  }

  /**
   * The row of span `id` if it is indexed; else indexes it as the next row, `size` (the table
   * appends it to `ids` at once), and answers -1. One hash and one probe for a new span.
   */
  getOrAdd(id: string): number {
    if ((this.rows + 1) * 2 > this.slots.length) this.resize(this.rows + 1)
    const h = hashOf(id)
    const { slots, hashes, ids, mask } = this
    let j = h & mask
    for (; ; j = (j + 1) & mask) {
      const r = slots[j]
      if (r === EMPTY) break
      if (hashes[r] === h && ids[r] === id) return r
    }
    const row = this.rows++
    if (row >= this.hashes.length) {
      const grown = new Int32Array(this.hashes.length * 2)
      grown.set(this.hashes)
      this.hashes = grown
    }
    this.hashes[row] = h
    slots[j] = row
    return -1
  }

  /** Room for `n` rows without rehashing: a load that knows the session's span count. */
  reserve(n: number): void {
    if (n * 2 > this.slots.length) this.resize(n)
    if (n > this.hashes.length) {
      const grown = new Int32Array(n)
      grown.set(this.hashes.subarray(0, this.rows))
      this.hashes = grown
    }
  }

  private resize(n: number): void {
    const size = slotsFor(n)
    const slots = new Int32Array(size).fill(EMPTY)
    const mask = size - 1
    const hashes = this.hashes
    for (let r = 0; r < this.rows; r++) {
      let j = hashes[r] & mask
      while (slots[j] !== EMPTY) j = (j + 1) & mask
      slots[j] = r
    }
    this.slots = slots
    this.mask = mask
  }
}

/** a power of two at least twice `n` */
function slotsFor(n: number): number {
  let s = 16
  while (s < n * 2) s *= 2
  return s
}
