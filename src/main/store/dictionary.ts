// Repeated strings (span names, kinds, agent ids, levels, error types, metric names) are stored
// once in `dict` and referenced by integer id: rows and indexes shrink and compare as integers.
// Ids are immutable once committed, so both directions are cached. Ids learned inside a write
// transaction stay "pending" until it commits: a rollback must forget them, because another
// process may then assign the same value a different id.
import type Database from 'better-sqlite3'
import { PendingCache } from './pendingCache'

const CACHE_LIMIT = 200_000

export class Dictionary {
  private readonly byValue = new PendingCache<string, number>(CACHE_LIMIT)
  private readonly byId = new Map<number, string>()
  private readonly insert: Database.Statement | null
  private readonly selectId: Database.Statement
  private readonly selectValue: Database.Statement

  constructor(db: Database.Database, readOnly: boolean) {
    this.insert = readOnly
      ? null
      : db.prepare('INSERT INTO dict(value) VALUES (?) ON CONFLICT(value) DO NOTHING')
    this.selectId = db.prepare('SELECT id FROM dict WHERE value = ?').pluck()
    this.selectValue = db.prepare('SELECT value FROM dict WHERE id = ?').pluck()
  }

  /** The id of `value`, creating it; only inside a write transaction. */
  idFor(value: string): number {
    const cached = this.byValue.get(value)
    if (cached !== undefined) return cached
    if (!this.insert) throw new Error('dictionary is read-only')
    this.insert.run(value)
    const id = this.selectId.get(value) as number
    this.byValue.set(value, id)
    return id
  }

  optionalIdFor(value: string | null | undefined): number | null {
    return value === null || value === undefined ? null : this.idFor(value)
  }

  /** The id of an existing value, or null when no row ever used it (then nothing can match). */
  find(value: string): number | null {
    const id = this.selectId.get(value) as number | undefined
    return id ?? null
  }

  value(id: number): string {
    const cached = this.byId.get(id)
    if (cached !== undefined) return cached
    const value = this.selectValue.get(id) as string | undefined
    if (value === undefined) return `#${id}`
    if (this.byId.size >= CACHE_LIMIT) this.byId.clear()
    this.byId.set(id, value)
    return value
  }

  optionalValue(id: number | null | undefined): string | null {
    return id === null || id === undefined ? null : this.value(id)
  }

  mark(): number {
    return this.byValue.mark()
  }

  rollbackTo(mark: number): void {
    this.byValue.rollbackTo(mark)
  }

  commit(): void {
    this.byValue.commit()
  }
}
