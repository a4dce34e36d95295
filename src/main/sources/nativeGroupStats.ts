// Grouped span statistics straight from a Tracescope store's rows, without a row object per span.
// Handing a row of several columns to JavaScript costs about four times what one column of
// plain numbers costs (better-sqlite3 builds an array per row), so the rows are read as single
// columns, all in one order (start time, then rowid: the time index's order, and listSpans'),
// inside one read transaction: the durations, then per span its group (its dictionary id with
// the error flag in the lowest bit) carrying the attributes' JSON only where the text can hold
// token counts (or the user), in pages of arrays rather than a step per row. SQLite answers the
// children's time of each parent itself, so no span id ever becomes a JavaScript string.
import type Database from 'better-sqlite3'
import type { Attributes } from '../../shared/domain'
import { activePrices } from '../../shared/genai/pricing'
import { tokenUsage } from '../../shared/genai/usage'
import {
  countedDuration,
  DEFAULT_WINDOW_MS,
  groupStatsOf,
  newTally,
  orderGroups,
  selfTime,
  tallyDuration,
  tallyUsage,
  userOf,
  type GroupStats,
  type GroupTally,
  type StatsRequest,
  type StatsResult,
} from '../../shared/stats/groupStats'
import { decodePayload } from '../store/payloadCodec'

const NONE = '(none)'
/** rows per page of the key pass (see inPages) */
const PAGE_ROWS = 16_384
/** payload text longer than this is read on its own, not inside a page (64 MB a page at most) */
const INLINE_MAX = 4096

/** A narrowing of the spans table: its WHERE terms (on `spans s`) and their values. */
interface Narrowing {
  terms: string[]
  params: unknown[]
}

/** How a grouping reads its key: an SQL number per span (of table `t`), and its group name. */
interface KeyColumn {
  sql: (t: string) => string
  params: unknown[]
  text: (id: number) => string
}

/** The key column of a grouping; null for the user, who is read from the attributes. */
function keyColumn(
  db: Database.Database,
  req: StatsRequest,
  sessions: Map<number, { id: string; name: string | null }>,
): KeyColumn | null {
  const value = db.prepare('SELECT value FROM dict WHERE id = ?').pluck()
  const dictText = (id: number): string => (value.get(id) as string | undefined) ?? String(id)
  switch (req.groupBy) {
    case 'name':
      return { sql: (t) => `${t}.name`, params: [], text: dictText }
    case 'agent':
      return {
        sql: (t) => `coalesce(${t}.agent, -1)`,
        params: [],
        text: (id) => (id < 0 ? NONE : dictText(id)),
      }
    case 'workflow':
      return {
        sql: (t) => `${t}.session`,
        params: [],
        text: (sid) => {
          const s = sessions.get(sid)
          return s?.name ?? s?.id ?? String(sid)
        },
      }
    case 'window': {
      // windows as StatsAccumulator.windowOf cuts them: the same division and floor, in SQLite
      // (better-sqlite3 binds every number as a real: SQLite never divides integers here)
      const windowMs = req.windowMs ?? DEFAULT_WINDOW_MS
      return {
        sql: (t) => `floor(${t}.start_time / ?)`,
        params: [windowMs],
        text: (i) => new Date(i * windowMs).toISOString().slice(0, 16).replace('T', ' '),
      }
    }
    case 'user':
      return null
  }
}

const where = (n: Narrowing): string => n.terms.join(' AND ') || '1'

/** The rows of `what`, one column, in the time index's order. */
function columnQuery(db: Database.Database, what: string, n: Narrowing) {
  return db
    .prepare(`SELECT ${what} FROM spans s WHERE ${where(n)} ORDER BY s.start_time, s.rowid`)
    .pluck()
}

/** A column of numbers, whole (eight bytes a span). */
const column = (db: Database.Database, what: string, n: Narrowing, params: unknown[] = []) =>
  columnQuery(db, what, n).all(...params, ...n.params)

/**
 * The rows of `what` in the time index's order, a page of PAGE_ROWS at a time: an array per
 * page costs less than a step per row, and a page bounds what is held at once. Each page starts
 * after the last row of the one before (start time, rowid), found on the time index.
 */
function inPages(
  db: Database.Database,
  what: string,
  whatParams: unknown[],
  n: Narrowing,
  each: (page: unknown[]) => void,
): void {
  const after: Narrowing = {
    terms: [...n.terms, 's.start_time >= ? AND (s.start_time > ? OR s.rowid > ?)'],
    params: n.params,
  }
  const page = (m: Narrowing) =>
    db
      .prepare(
        `SELECT ${what} FROM spans s WHERE ${where(m)} ORDER BY s.start_time, s.rowid
         LIMIT ${PAGE_ROWS}`,
      )
      .pluck()
  const lastRow = (m: Narrowing) =>
    db
      .prepare(
        `SELECT s.start_time, s.rowid FROM spans s WHERE ${where(m)}
         ORDER BY s.start_time, s.rowid LIMIT 1 OFFSET ${PAGE_ROWS - 1}`,
      )
      .raw()
  const [firstPage, nextPage] = [page(n), page(after)]
  const [firstLast, nextLast] = [lastRow(n), lastRow(after)]
  let at: [number, number] | null = null
  for (;;) {
    const keyset = at ? [at[0], at[0], at[1]] : []
    const rows = (at ? nextPage : firstPage).all(...whatParams, ...n.params, ...keyset)
    each(rows)
    if (rows.length < PAGE_ROWS) return
    at = (at ? nextLast : firstLast).get(...n.params, ...keyset) as [number, number]
  }
}

/**
 * `filter`: the SQL of `req.where` on `spans s` (filterSql.ts compiles it, as for listSpans); a
 * request with `where` and no `filter` is not this pass's to answer.
 */
export function nativeGroupStats(
  db: Database.Database,
  req: StatsRequest,
  filter?: { sql: string; params: unknown[] },
): StatsResult {
  // one read transaction: the passes below line up row by row, and a writer's commit between
  // two of them would shift one against the other
  const run = (): StatsResult => groupStatsOfRows(db, req, filter)
  return db.inTransaction ? run() : db.transaction(run)()
}

function groupStatsOfRows(
  db: Database.Database,
  req: StatsRequest,
  filter?: { sql: string; params: unknown[] },
): StatsResult {
  const sessions = new Map<number, { id: string; name: string | null }>()
  for (const [sid, id, name] of db
    .prepare('SELECT sid, id, name FROM sessions')
    .raw()
    .all() as Array<[number, string, string | null]>)
    sessions.set(sid, { id, name })
  const n: Narrowing = { terms: [], params: [] }
  if (req.sessionId !== undefined) {
    const sid = [...sessions].find(([, s]) => s.id === req.sessionId)?.[0]
    if (sid === undefined) return { spans: 0, groups: [] }
    n.terms.push('s.session = ?')
    n.params.push(sid)
  }
  if (req.since !== undefined) {
    n.terms.push('s.start_time >= ?')
    n.params.push(req.since)
  }
  if (req.until !== undefined) {
    n.terms.push('s.start_time < ?')
    n.params.push(req.until)
  }
  if (filter) {
    n.terms.push(`(${filter.sql})`)
    n.params.push(...filter.params)
  }

  const prices = activePrices()
  const tallies: GroupTally[] = []
  const byText = new Map<string, number>()
  const groupOfText = (key: string): number => {
    let g = byText.get(key)
    if (g === undefined) {
      byText.set(key, (g = tallies.length))
      tallies.push(newTally(key))
    }
    return g
  }
  const key = keyColumn(db, req, sessions)
  const byId = new Map<number, number>()
  const groupOfId = (id: number): number => {
    let g = byId.get(id)
    if (g === undefined) byId.set(id, (g = groupOfText(key!.text(id))))
    return g
  }
  // SQLite leaves out the text payloads that cannot hold token counts (or the user) before they
  // become JavaScript strings; gzip ones must be opened to tell
  const wanted = !key
    ? "instr(s.attributes, 'token') + instr(s.attributes, 'user')"
    : "instr(s.attributes, 'token')"
  const maybeAttrs = `CASE WHEN typeof(s.attributes) = 'text' AND ${wanted} = 0 THEN NULL
    ELSE s.attributes END`

  const durations = column(db, 's.end_time - s.start_time', n) as Array<number | null>
  const rows = durations.length
  // The group of each span and its attributes in one pass, as handing a row to JavaScript costs
  // more than what SQLite does with it: per span its key (the key column's value, or nothing for
  // the user) times 2, plus 1 if it failed — as a number where no attributes are read, else as
  // text: the number, a space and the payload's JSON. A gzip payload, or a long one, leaves the
  // text after the space empty and is read from a second pass over those payloads only.
  const k = `${key ? `${key.sql('s')} * 2 + ` : ''}(s.status = 2)`
  const aside = `(typeof(s.attributes) = 'blob' OR (typeof(s.attributes) = 'text'
    AND ${wanted} > 0 AND length(s.attributes) > ${INLINE_MAX}))`
  const keyed = `CASE
    WHEN ${aside} THEN CAST(${k} AS INTEGER) || ' '
    WHEN typeof(s.attributes) = 'text' AND ${wanted} > 0
      THEN CAST(${k} AS INTEGER) || ' ' || s.attributes
    ELSE ${k} END`
  const kp = key?.params ?? []
  // the payloads read on their own, opened at the first one
  const asideAttrs: { rows?: IterableIterator<unknown> } = {}
  const nextAside = (): unknown =>
    (asideAttrs.rows ??= columnQuery(db, 's.attributes', {
      terms: [...n.terms, aside],
      params: n.params,
    }).iterate(...n.params)).next().value
  const rowGroup = new Int32Array(rows)
  let i = 0
  try {
    // the key's parameters once per mention of it
    inPages(db, keyed, [...kp, ...kp, ...kp], n, (page) => {
      for (const row of page) {
        const v = row as number | string
        let failedKey = v as number
        let a: Attributes | null = null
        if (typeof v === 'string') {
          const space = v.indexOf(' ')
          failedKey = Number(v.slice(0, space))
          const json = v.slice(space + 1)
          if (json) a = decodePayload<Attributes>(json, {})
          else a = decodePayload<Attributes>(nextAside(), {})
        }
        const id = Math.floor(failedKey / 2)
        const g = key ? groupOfId(id) : groupOfText((a && userOf(a)) ?? NONE)
        rowGroup[i++] = g
        if (failedKey - id * 2) tallies[g].errors++
        const usage = a && tokenUsage(a)
        if (usage) tallyUsage(tallies[g], usage, prices)
      }
    })
  } finally {
    asideAttrs.rows?.return?.()
  }
  if (i !== rows) throw new Error(`statistics read ${i} keys for ${rows} spans`)

  // counts, durations and self time as if no span had children…
  const known = new Int32Array(tallies.length)
  for (let i = 0; i < rows; i++) {
    const t = tallies[rowGroup[i]]
    t.count++
    const d = countedDuration(durations[i])
    if (d !== null) {
      known[rowGroup[i]]++
      tallyDuration(t, d)
    }
    t.selfMs += selfTime(d ?? 0, 0)
  }
  // …then each parent's self time corrected by its children's time
  // (the user's: per payload that can name one, each decoded once)
  const parentKey = key
    ? { sql: key.sql('s'), params: key.params }
    : { sql: maybeAttrs, params: [] }
  selfTimeOfParents(db, n, parentKey, (k, lessMs) => {
    tallies[key ? groupOfId(k as number) : groupOfText(userKey(k))].selfMs += lessMs
  })

  const sorted = tallies.map((_, g) => new Float64Array(known[g]))
  const filled = new Int32Array(tallies.length)
  for (let i = 0; i < rows; i++) {
    const d = countedDuration(durations[i])
    if (d !== null) sorted[rowGroup[i]][filled[rowGroup[i]]++] = d
  }
  const groups: GroupStats[] = tallies.map((t, g) => groupStatsOf(t, sorted[g].sort()))
  return { spans: rows, groups: orderGroups(groups, req.groupBy) }
}

function userKey(stored: unknown): string {
  const a = stored === null ? null : decodePayload<Attributes>(stored, {})
  return (a && userOf(a)) ?? NONE
}

/**
 * What the children's time takes off the self time of the spans in the narrowing that have
 * children in it, summed by SQLite per value of `key`: each child's time inside its parent's
 * interval (selfTime.ts's overlapMs). A span's own id as its parent is no child; a span id
 * recorded twice in a session gives both the children, each clipped to that span's interval.
 */
function selfTimeOfParents(
  db: Database.Database,
  n: Narrowing,
  key: { sql: string; params: unknown[] },
  each: (key: unknown, lessMs: number) => void,
): void {
  // The children are summed from a list ordered by session first: SQLite then sorts each
  // session's rows on their own as it walks the (session, …) index, a third cheaper than one
  // sort of all (measured over 1M spans). CROSS JOIN keeps spans the outer loop: SQLite indexes
  // the (smaller) sums for the lookups, where the other way round it would scan a session's spans
  // for each parent. The difference is selfTime's rule: max(0, own − children) − max(0, own).
  // Where every child lies inside its parent (earliest start and latest end within it) the sum
  // is their time inside it; where all start after it ended (or end before it began), nothing.
  // Only the other parents read their children again, clipped, on the (session, start_time)
  // index from the earliest child's start to the parent's end (a child starting later takes
  // nothing off). max(a, b) and min(a, b) are NULL when either is: an
  // unknown end adds nothing, as total() skips NULL.
  const sums = db
    .prepare(
      `WITH c(cs, cp, cd, c0, c1) AS MATERIALIZED (
         SELECT session, parent_id, total(d), min(start_time), max(end_time) FROM (
           SELECT s.session, s.parent_id, s.start_time, s.end_time,
             s.end_time - s.start_time AS d FROM spans s
           WHERE ${where(n)} AND s.parent_id IS NOT NULL AND s.parent_id IS NOT s.span_id
           ORDER BY s.session, s.parent_id)
         GROUP BY session, parent_id)
       SELECT k, total(max(0.0, d - CASE
           WHEN pe IS NULL OR (c0 >= ps AND c1 <= pe) THEN cd
           WHEN c0 >= pe OR c1 <= ps THEN 0.0
           ELSE (SELECT total(max(0.0, min(s.end_time, pe) - max(s.start_time, ps))) FROM spans s
             WHERE s.session = pss AND s.start_time >= c0 AND s.start_time < pe
               AND s.parent_id = pid AND s.parent_id IS NOT s.span_id AND ${where(n)})
         END) - max(0.0, d)) FROM (
         SELECT ${key.sql} AS k, coalesce(s.end_time - s.start_time, 0) AS d, c.cd AS cd,
           c.c0 AS c0, c.c1 AS c1, s.session AS pss, s.span_id AS pid, s.start_time AS ps,
           s.end_time AS pe
         FROM spans s CROSS JOIN c ON c.cs = s.session AND c.cp = s.span_id
         WHERE ${where(n)})
       GROUP BY k`,
    )
    .raw()
    .all(...n.params, ...n.params, ...key.params, ...n.params) as Array<[unknown, number]>
  for (const [k, less] of sums) each(k, less)
}
