// `tracescope tail`: follow a database another process is writing, printing every new or
// changed record — spans, log lines and events, errors, agent messages, tasks, metrics.
import type { CliCommand } from '../command'
import { CliError } from '../command'
import type * as TailModule from '../../main/tail'

// loaded on use, never on the --help path. bin/tracescope registers tsx's CommonJS hook, which
// serves require() but not import(); test runners serve import(): try one, then the other
async function loadTailModule(): Promise<typeof TailModule> {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('../../main/tail') as typeof TailModule
  } catch {
    return import('../../main/tail')
  }
}

const KINDS = 'span, event, error, message, task, metric'

/** --kind values (repeated or comma-separated) → kinds; all when absent */
function parseKinds(raw: unknown, mod: typeof TailModule): TailModule.TailKind[] | undefined {
  if (raw === undefined) return undefined
  const words = (Array.isArray(raw) ? raw : [raw])
    .flatMap((v) => String(v).split(','))
    .map((w) => w.trim().toLowerCase())
    .filter(Boolean)
  const kinds: TailModule.TailKind[] = []
  for (const w of words) {
    // the plural and "log" read naturally on a command line
    const k = w === 'log' || w === 'logs' ? 'event' : w.replace(/s$/, '')
    if (!mod.isTailKind(k)) throw new CliError(`--kind ${w}: not a record kind (${KINDS})`, 2)
    if (!kinds.includes(k)) kinds.push(k)
  }
  return kinds.length ? kinds : undefined
}

export const tailCommand: CliCommand = {
  name: 'tail',
  summary: 'follow every new record while another process writes the database',
  usage: 'tail --db file [--session id] [--kind k]… [--json]',
  options: [
    {
      name: 'db',
      type: 'string',
      description: 'database to follow (any supported kind; opened read-only)',
    },
    { name: 'session', type: 'string', description: 'only this session' },
    {
      name: 'kind',
      type: 'string',
      multiple: true,
      description: `only these record kinds (${KINDS}; repeat or separate with commas)`,
    },
    { name: 'from-start', type: 'boolean', description: 'print the records already there first' },
    {
      name: 'poll-ms',
      type: 'number',
      default: 100,
      description: 'fallback poll interval (a file watch wakes it sooner)',
    },
  ],
  async run(ctx) {
    const fs = await import('node:fs')
    const mod = await loadTailModule()
    const file = ctx.dbPath()
    if (!fs.existsSync(file)) throw new CliError(`${file}: no such file`)
    const pollMs = Number(ctx.options['poll-ms'] ?? 100)
    if (!Number.isFinite(pollMs) || pollMs < 10)
      throw new CliError('--poll-ms must be a number ≥ 10', 2)
    const kinds = parseKinds(ctx.options.kind, mod)
    const sessionId = typeof ctx.options.session === 'string' ? ctx.options.session : undefined
    if (!ctx.json)
      ctx.stderr.write(
        `following ${file}${sessionId ? ` (session ${sessionId})` : ''}${kinds ? ` (${kinds.join(', ')})` : ''}; Ctrl-C to stop\n`,
      )
    await mod.tailRecords(file, {
      kinds,
      sessionId,
      fromStart: ctx.options['from-start'] === true,
      pollMs,
      signal: ctx.signal,
      onRecords: (records) => {
        const out = records
          .map((r) => (ctx.json ? JSON.stringify(mod.tailJson(r)) : mod.tailLine(r)))
          .join('\n')
        ctx.stdout.write(`${out}\n`)
      },
      onError: (e) => ctx.stderr.write(`tail: ${e.message}\n`),
    })
    return 0
  },
}

export default tailCommand
