import fs from 'node:fs'
import path from 'node:path'
import type { CliCommand, CliContext } from '../command'
import { load } from '../lazy'
import { CliError } from '../command'
import { count, formatDuration } from '../format'
import { optBool, printJson } from '../options'
import { indexSearchInBackground } from '../searchIndexInBackground'
import { progressBar } from '../progress'
import type { ImportProgress, ImportResult } from '../../main/exchange/importFile'

/** refusals listed on stderr; --json carries the first 50 */
const LIST_REFUSALS = 20

const FORMAT_NAMES: Record<ImportResult['format'], string> = {
  sqlite: 'SQLite database',
  'tracescope-json': 'Tracescope JSON',
  'tracescope-ndjson': 'Tracescope ndjson',
  'otlp-json': 'OTLP JSON',
  'otlp-jsonl': 'OTLP JSON Lines',
}
import { sameFile } from '../../main/exchange/sameFile'

export const importCommand: CliCommand = {
  name: 'import',
  summary:
    'import files into a Tracescope store: json/ndjson exports, OTLP JSON/JSON Lines, or any supported .db, plain or gzip',
  usage: 'import <file…> [--db store] [--wait-index]',
  options: [
    {
      name: 'wait-index',
      type: 'boolean',
      description:
        'exit once the imported records are searchable too (by default a background process indexes them)',
    },
  ],
  async run(ctx) {
    if (!ctx.args.length)
      throw new CliError(`missing file to import (usage: tracescope ${this.usage})`, 2)
    const target = ctx.dbPath()
    const files = ctx.args.map((f) => path.resolve(f))
    for (const f of files) {
      if (!fs.existsSync(f)) throw new CliError(`${f}: no such file`)
      // the same file by device and inode, however the two paths are spelled
      if (sameFile(f, target)) throw new CliError(`${f} is the store being imported into`)
    }
    const { openWritable } = load.openDb()
    const { importFile } = load.importFile()
    const { asQueries } = load.openDb()
    const wait = optBool(ctx, 'wait-index')
    // indexing as it goes would cost as much as the rest of the import: left for after
    const store = await openWritable(
      target,
      wait ? {} : { indexSearchWhenIdle: false, indexSearchOnClose: false },
    )
    const results: ImportResult[] = []
    // a progress line at most every 100 ms: formatting numbers is not free per batch
    let lastLine = Date.now()
    try {
      for (const file of files) {
        const r = await importFile(store, file, {
          // the source adapters load only when a .db is imported
          openSource: (f) => asQueries(load.openSource().openSource(f)),
          signal: ctx.signal,
          onProgress: (p) => {
            const now = Date.now()
            if (now - lastLine < 100) return
            lastLine = now
            ctx.progress(progressLine(p))
          },
        })
        ctx.progressDone?.()
        results.push(r)
        if (!ctx.json) printSummary(ctx, r)
      }
      if (wait) {
        ctx.progress('indexing for search…')
        await store.flush()
        ctx.progressDone?.()
      }
    } finally {
      await store.close()
      // what was committed before a failure is indexed too
      if (!wait && !indexSearchInBackground(target)) await indexNow(target)
    }
    // peak memory and CPU of the whole run, for scripts that check an import stays bounded
    const usage = process.resourceUsage()
    const peakRssBytes = usage.maxRSS * 1024
    const cpuMs = Math.round((usage.userCPUTime + usage.systemCPUTime) / 1000)
    const search = wait ? 'indexed' : 'indexing in the background'
    if (ctx.json) printJson(ctx, { db: target, files: results, search, peakRssBytes, cpuMs })
    else if (!wait)
      ctx.stderr.write(
        'search: a background process indexes the new records; search finds them once it is done (tracescope maintain --index-search waits for it)\n',
      )
    return results.some((r) => r.rejected > 0) ? 1 : 0
  },
}

/** The search index built here when no background process could be started. */
async function indexNow(target: string): Promise<void> {
  const store = await load.openDb().openWritable(target)
  await store.flush()
  await store.close()
}

function progressLine(p: ImportProgress): string {
  const what = p.spans ? count(p.spans, 'span') : count(p.records, 'record')
  const refused = p.refused ? `, ${p.refused.toLocaleString('en')} refused` : ''
  const bar = p.bytesTotal && p.bytesRead ? `${progressBar(p.bytesRead / p.bytesTotal)} ` : ''
  return `importing ${path.basename(p.file)} ${bar}${what}${refused}`
}

function printSummary(ctx: CliContext, r: ImportResult): void {
  const kinds = Object.entries(r.counts)
    .map(([k, v]) =>
      k === 'memory'
        ? `${v.toLocaleString('en')} memory ${v === 1 ? 'entry' : 'entries'}`
        : count(v, k),
    )
    .join(', ')
  const rate =
    r.spans && r.ms > 0
      ? ` (${Math.round((r.spans * 1000) / r.ms).toLocaleString('en')} spans/s)`
      : ''
  const what = r.spans
    ? `${count(r.spans, 'span')} as ${count(r.accepted, 'record')}`
    : count(r.accepted, 'record')
  ctx.stderr.write(
    `imported ${r.file} (${FORMAT_NAMES[r.format]}${r.compression ? `, ${r.compression}` : ''}): ${what}${kinds ? ` — ${kinds}` : ''} in ${formatDuration(r.ms)}${rate}\n`,
  )
  if (!r.rejected) return
  ctx.stderr.write(`refused ${r.rejected.toLocaleString('en')}:\n`)
  for (const x of r.rejections.slice(0, LIST_REFUSALS))
    ctx.stderr.write(
      `  line ${x.line}: ${x.kind}${x.id ? ` ${x.id}` : ''}: ${x.reason.startsWith(x.field) ? x.reason : `${x.field}: ${x.reason}`}\n`,
    )
  const more = r.rejected - Math.min(r.rejections.length, LIST_REFUSALS)
  if (more > 0)
    ctx.stderr.write(
      `  … and ${more.toLocaleString('en')} more${r.rejections.length > LIST_REFUSALS ? ` (--json lists the first ${r.rejections.length})` : ''}\n`,
    )
}
