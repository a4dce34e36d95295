import fs from 'node:fs'
import path from 'node:path'
import type { CliCommand } from '../command'
import { load } from '../lazy'
import { CliError } from '../command'
import { count, formatBytes } from '../format'
import { optBool, optNumber, optString, printJson } from '../options'

export const maintainCommand: CliCommand = {
  name: 'maintain',
  summary:
    'retention, archiving, vacuum and optimize for a store; --optimize upgrades a session-keyed trace store',
  usage:
    'maintain [--retention-days n] [--archive-to file] [--vacuum] [--optimize] [--index-search] [--in-place] [--out file]',
  options: [
    {
      name: 'index-search',
      type: 'boolean',
      description:
        'bring the full-text search index up to date (what import leaves to a background process)',
    },
    {
      name: 'retention-days',
      type: 'number',
      description: 'delete sessions whose last activity is older than n days',
    },
    {
      name: 'archive-to',
      type: 'string',
      description: 'move those sessions into this .db first (Tracescope opens it)',
    },
    {
      name: 'archive-days',
      type: 'number',
      description: 'archive sessions older than n days (default: --retention-days)',
    },
    { name: 'vacuum', type: 'boolean', description: 'give free pages back to the file system' },
    {
      name: 'optimize',
      type: 'boolean',
      description:
        'PRAGMA optimize/ANALYZE; on a session-keyed trace store: add the (session, created_at) index',
    },
    {
      name: 'in-place',
      type: 'boolean',
      description:
        'session-keyed trace store, --optimize: upgrade the file itself (after writing a backup)',
    },
    {
      name: 'out',
      type: 'string',
      description:
        'session-keyed trace store, --optimize: where the upgraded copy goes (default: <name>-optimized.db beside it)',
    },
  ],
  async run(ctx) {
    const file = ctx.dbPath()
    if (!fs.existsSync(file)) throw new CliError(`${file}: no such file`)
    const retentionDays = optNumber(ctx, 'retention-days')
    const archiveDays = optNumber(ctx, 'archive-days')
    for (const [name, v] of [
      ['retention-days', retentionDays],
      ['archive-days', archiveDays],
    ] as const)
      if (v !== undefined && !(v >= 0))
        throw new CliError(`invalid --${name} "${v}": expected a number ≥ 0`, 2)
    const archiveTo = optString(ctx, 'archive-to')
    const vacuum = optBool(ctx, 'vacuum')
    const optimize = optBool(ctx, 'optimize')
    const indexSearch = optBool(ctx, 'index-search')
    const others = retentionDays !== undefined || archiveTo !== undefined || vacuum || optimize
    if (!others && !indexSearch)
      throw new CliError(
        'nothing to do: give --retention-days, --archive-to, --vacuum, --optimize and/or --index-search',
        2,
      )
    if (archiveTo !== undefined && retentionDays === undefined && archiveDays === undefined)
      throw new CliError(
        '--archive-to needs --archive-days or --retention-days (which sessions to move)',
        2,
      )
    const { sourceKindOf } = load.openDb()
    const kind = await sourceKindOf(file)

    if (kind === 'session-store') {
      if (
        !optimize ||
        retentionDays !== undefined ||
        archiveTo !== undefined ||
        vacuum ||
        indexSearch
      )
        throw new CliError(
          'a session-keyed trace store is read-only to Tracescope except for --optimize (an upgraded copy, or --in-place)',
          2,
        )
      const { upgradeSessionStore } = load.upgradeSessionStore()
      const out = optString(ctx, 'out')
      const report = await upgradeSessionStore(file, {
        inPlace: optBool(ctx, 'in-place'),
        copyTo: out ? path.resolve(out) : undefined,
        onProgress: (done, total) =>
          ctx.progress(
            `upgrading: ${done.toLocaleString('en')} of ${total.toLocaleString('en')} rows`,
          ),
      })
      if (ctx.json) printJson(ctx, report)
      else
        ctx.stderr.write(
          [
            report.alreadyOptimized
              ? 'already optimized: nothing to do'
              : `index ${report.createdIndex ? 'created' : 'present'}, ${report.backfilled} links backfilled`,
            report.target === file
              ? `${file} upgraded in place (backup: ${report.backup})`
              : `optimized copy written to ${report.target} (${file} unchanged)`,
            `plan: ${report.plan.join('; ')}`,
          ].join('\n') + '\n',
        )
      return 0
    }
    if (kind !== 'tracescope')
      throw new CliError(
        `${file} is a ${kind} database: Tracescope never changes it (maintain works on Tracescope stores and, with --optimize, session-keyed trace stores)`,
      )
    if (optBool(ctx, 'in-place') || optString(ctx, 'out'))
      throw new CliError('--in-place and --out apply to session-keyed trace stores only', 2)

    const { openWritable } = load.openDb()
    const store = await openWritable(file)
    try {
      if (!others) {
        // maintain() indexes first anyway; alone, indexing is all there is to do
        ctx.progress('indexing for search…')
        await store.flush()
        if (ctx.json) printJson(ctx, { path: file, actions: ['search index up to date'] })
        else ctx.stderr.write('search index up to date\n')
        return 0
      }
      ctx.progress('maintaining…')
      const report = await store.maintain({
        retentionDays,
        archiveTo: archiveTo ? path.resolve(archiveTo) : undefined,
        archiveOlderThanDays: archiveDays,
        vacuum,
        optimize,
      })
      if (ctx.json) printJson(ctx, { path: file, ...report })
      else
        ctx.stderr.write(
          [
            ...report.actions,
            `deleted ${count(report.deletedSessions, 'session')}, archived ${report.archivedSessions}; ${formatBytes(report.bytesBefore)} → ${formatBytes(report.bytesAfter)}`,
          ].join('\n') + '\n',
        )
      return 0
    } finally {
      await store.close()
    }
  },
}
