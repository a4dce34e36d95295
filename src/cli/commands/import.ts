import fs from 'node:fs'
import path from 'node:path'
import type { CliCommand } from '../command'
import { load } from '../lazy'
import { CliError } from '../command'
import { printJson } from '../options'
import { sameFile } from '../../main/exchange/sameFile'

export const importCommand: CliCommand = {
  name: 'import',
  summary:
    'import files into a Tracescope store: json/ndjson exports, OTLP JSON/JSON Lines, or any supported .db',
  usage: 'import <file…> [--db store]',
  options: [],
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
    const { openSource } = load.openSource()
    const store = await openWritable(target)
    const results = []
    try {
      for (const file of files) {
        const r = await importFile(store, file, {
          openSource: (f) => asQueries(openSource(f)),
          signal: ctx.signal,
          onProgress: (p) =>
            ctx.progress(
              `importing ${path.basename(file)}: ${p.records.toLocaleString('en')} records${p.bytesTotal && p.bytesRead ? ` (${Math.round((100 * p.bytesRead) / p.bytesTotal)}%)` : ''}`,
            ),
        })
        results.push(r)
        if (!ctx.json) {
          const kinds = Object.entries(r.counts)
            .map(
              ([k, v]) =>
                `${v} ${k === 'memory' ? 'memory entr' + (v === 1 ? 'y' : 'ies') : k + (v === 1 ? '' : 's')}`,
            )
            .join(', ')
          ctx.stderr.write(
            `imported ${file} (${r.format}): ${r.accepted} records${kinds ? ` — ${kinds}` : ''}${r.rejected ? `; ${r.rejected} rejected` : ''} in ${r.ms} ms\n`,
          )
          for (const x of r.rejections.slice(0, 5))
            ctx.stderr.write(
              `  rejected ${x.kind} #${x.index}${x.id ? ` (${x.id})` : ''}: ${x.field} ${x.reason}\n`,
            )
        }
      }
    } finally {
      await store.close()
    }
    if (ctx.json) printJson(ctx, { db: target, files: results })
    return results.some((r) => r.rejected > 0) ? 1 : 0
  },
}
