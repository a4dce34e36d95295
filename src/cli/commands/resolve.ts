import fs from 'node:fs'
import type { CliCommand } from '../command'
import { load } from '../lazy'
import { CliError } from '../command'
import { optString, printJson, requireArg } from '../options'

export const resolveCommand: CliCommand = {
  name: 'resolve',
  summary:
    "mark an error resolved with a note (foreign files: kept in Tracescope's own data, the file is never changed)",
  usage: 'resolve <error-id> --note "text"',
  options: [
    { name: 'note', type: 'string', short: 'n', description: 'what was done about it (required)' },
  ],
  async run(ctx) {
    const id = requireArg(ctx, 0, 'error id', this.usage)
    const note = optString(ctx, 'note')
    if (note === undefined || note.trim() === '')
      throw new CliError('missing --note "what was done about it"', 2)
    const file = ctx.dbPath()
    if (!fs.existsSync(file)) throw new CliError(`${file}: no such file`)
    const { sourceKindOf } = load.openDb()
    const kind = await sourceKindOf(file)
    let resolved
    if (kind === 'tracescope') {
      const { openWritable } = load.openDb()
      const store = await openWritable(file)
      try {
        resolved = store.resolveError(id, note.trim())
      } finally {
        await store.close()
      }
    } else {
      resolved = load.openDb().resolveForeignError(file, id, note.trim())
    }
    if (!resolved) throw new CliError(`no error "${id}" in ${file} (tracescope errors lists them)`)
    if (ctx.json) printJson(ctx, resolved)
    else ctx.stderr.write(`resolved ${resolved.id}: ${resolved.type}: ${resolved.message}\n`)
    return 0
  },
}
