// Checks run on a store file after a fault, with a plain better-sqlite3 connection (not the
// store under test): integrity, which batches are present, duplicates, WAL size.
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import Database from 'better-sqlite3'
import { parseSpanId } from './records'

export interface StoreCheck {
  integrity: string
  /** batch → spans present, for one run */
  batches: Map<number, number>
  duplicateSpans: number
  duplicateEvents: number
  duplicateErrors: number
}

export function integrity(file: string): string {
  const db = new Database(file, { timeout: 5000 })
  try {
    const rows = db.pragma('integrity_check') as Array<{ integrity_check: string }>
    return rows.map((r) => r.integrity_check).join('; ')
  } finally {
    db.close()
  }
}

export function checkRun(file: string, run: number): StoreCheck {
  const db = new Database(file, { timeout: 5000 })
  try {
    const rows = db.pragma('integrity_check') as Array<{ integrity_check: string }>
    const integrity = rows.map((r) => r.integrity_check).join('; ')
    const batches = new Map<number, number>()
    const hasSpans = db.prepare("SELECT 1 FROM sqlite_schema WHERE name = 'spans'").get()
    let duplicateSpans = 0
    let duplicateEvents = 0
    let duplicateErrors = 0
    if (hasSpans) {
      const ids = db
        .prepare(
          `SELECT lower(hex(s.span_id)) FROM spans s JOIN sessions ss ON ss.sid = s.session WHERE ss.id = ?`,
        )
        .pluck()
        .all(`crash-${run}`) as string[]
      for (const id of ids) {
        const p = parseSpanId(id)
        batches.set(p.batch, (batches.get(p.batch) ?? 0) + 1)
      }
      duplicateSpans = db
        .prepare(
          'SELECT count(*) FROM (SELECT 1 FROM spans GROUP BY session, span_id HAVING count(*) > 1)',
        )
        .pluck()
        .get() as number
      duplicateEvents = db
        .prepare(
          'SELECT count(*) FROM (SELECT 1 FROM events WHERE id IS NOT NULL GROUP BY session, id HAVING count(*) > 1)',
        )
        .pluck()
        .get() as number
      duplicateErrors = db
        .prepare('SELECT count(*) FROM (SELECT 1 FROM errors GROUP BY id HAVING count(*) > 1)')
        .pluck()
        .get() as number
    }
    return { integrity, batches, duplicateSpans, duplicateEvents, duplicateErrors }
  } finally {
    db.close()
  }
}

export function walBytes(file: string): number {
  try {
    return fs.statSync(file + '-wal').size
  } catch {
    return 0
  }
}

export function sha256(file: string): string {
  const h = createHash('sha256')
  h.update(fs.readFileSync(file))
  return h.digest('hex')
}
