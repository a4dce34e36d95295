// A write-side cache whose entries made inside a transaction can be forgotten again if that
// transaction (or one savepoint of it) rolls back: the row behind the entry no longer exists.
export class PendingCache<K, V> {
  private readonly map = new Map<K, V>()
  private pending: K[] = []

  constructor(private readonly limit = 200_000) {}

  get(key: K): V | undefined {
    return this.map.get(key)
  }

  set(key: K, value: V): void {
    if (this.map.size >= this.limit && this.pending.length === 0) this.map.clear()
    this.map.set(key, value)
    this.pending.push(key)
  }

  mark(): number {
    return this.pending.length
  }

  rollbackTo(mark: number): void {
    for (let i = mark; i < this.pending.length; i++) this.map.delete(this.pending[i])
    this.pending.length = mark
  }

  commit(): void {
    this.pending = []
  }

  clear(): void {
    this.map.clear()
    this.pending = []
  }
}
