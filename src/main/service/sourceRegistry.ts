// Main's view of the open sources: which window (or browser page) uses which, so closing a
// window closes its files, and one file opened twice shares one reader.
import { randomBytes } from 'node:crypto'
import path from 'node:path'
import type { SourceSummary } from '../../shared/contract/invoke'
import { canonicalPath } from './grants'
import type { HostedSource } from './sourceTypes'
import type { StoreService } from './storeService'

interface Entry {
  summary: SourceSummary
  owners: Set<string>
  /** opened by main for everyone (the app store, `serve --db`): never closed by a caller */
  pinned: boolean
}

export function summaryOf(o: HostedSource): SourceSummary {
  return {
    sourceId: o.sourceId,
    path: o.path,
    name: path.basename(o.path),
    appStore: o.appStore,
    info: o.info,
  }
}

export class SourceRegistry {
  private readonly entries = new Map<string, Entry>()
  private readonly byPath = new Map<string, string>()
  private readonly opening = new Map<string, Promise<SourceSummary>>()
  private appStoreId: string | null = null

  constructor(private readonly service: StoreService) {
    service.onSourceLost((sourceId) => this.forget(sourceId))
  }

  async open(
    file: string,
    opts: { owner: string | null; pinned?: boolean; appStore?: boolean },
  ): Promise<SourceSummary> {
    const p = canonicalPath(file)
    const knownId = this.byPath.get(p)
    const known = knownId ? this.entries.get(knownId) : undefined
    if (known) {
      this.adopt(known, opts)
      return known.summary
    }
    let pending = this.opening.get(p)
    if (!pending) {
      const sourceId = randomBytes(6).toString('hex')
      pending = this.service
        .open({ sourceId, path: p, appStore: opts.appStore })
        .then((opened) => {
          const entry: Entry = { summary: summaryOf(opened), owners: new Set(), pinned: false }
          this.entries.set(sourceId, entry)
          this.byPath.set(p, sourceId)
          if (opts.appStore) this.appStoreId = sourceId
          return entry.summary
        })
        .finally(() => this.opening.delete(p))
      this.opening.set(p, pending)
    }
    const summary = await pending
    const entry = this.entries.get(summary.sourceId)
    if (entry) this.adopt(entry, opts)
    return summary
  }

  private adopt(entry: Entry, opts: { owner: string | null; pinned?: boolean }): void {
    if (opts.owner !== null) entry.owners.add(opts.owner)
    if (opts.pinned) entry.pinned = true
  }

  get(sourceId: string): SourceSummary | null {
    return this.entries.get(sourceId)?.summary ?? null
  }

  appStore(): SourceSummary | null {
    return this.appStoreId ? this.get(this.appStoreId) : null
  }

  canAccess(sourceId: string, callerId: string): boolean {
    const e = this.entries.get(sourceId)
    return !!e && (e.pinned || e.owners.has(callerId))
  }

  /** what one caller sees: the pinned sources, then its own */
  list(callerId: string): SourceSummary[] {
    const out: SourceSummary[] = []
    for (const e of this.entries.values())
      if (e.pinned || e.owners.has(callerId)) out.push(e.summary)
    return out
  }

  /** the caller is done with it; the reader closes when nobody else uses it */
  async release(sourceId: string, callerId: string): Promise<boolean> {
    const e = this.entries.get(sourceId)
    if (!e || !e.owners.delete(callerId)) return false
    if (e.owners.size === 0 && !e.pinned) {
      this.forget(sourceId)
      await this.service.close(sourceId)
      return true
    }
    return false
  }

  async releaseAll(callerId: string): Promise<void> {
    const mine = [...this.entries].filter(([, e]) => e.owners.has(callerId)).map(([id]) => id)
    await Promise.allSettled(mine.map((id) => this.release(id, callerId)))
  }

  private forget(sourceId: string): void {
    const e = this.entries.get(sourceId)
    if (!e) return
    this.entries.delete(sourceId)
    this.byPath.delete(canonicalPath(e.summary.path))
    if (this.appStoreId === sourceId) this.appStoreId = null
  }
}
