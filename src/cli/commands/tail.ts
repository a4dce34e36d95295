// `tracescope tail`: follow a database another process is writing, printing new spans.
import type { Span } from '../../shared/domain'
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

function line(s: Span): string {
  const t = new Date(s.startTime).toISOString().slice(11, 23)
  const dur = s.durationMs ?? (s.endTime !== null ? s.endTime - s.startTime : null)
  const mark = s.status === 'error' ? ' ✗' : ''
  const agent = s.agentId ? ` [${s.agentId}]` : ''
  return `${t} ${s.sessionId.slice(0, 12).padEnd(12)} ${s.name}${agent}${dur !== null ? ` ${dur.toFixed(1)}ms` : ' …'}${mark}`
}

export const tailCommand: CliCommand = {
  name: 'tail',
  summary: 'follow new spans while another process writes the database',
  usage: 'tail --db file [--session id] [--json]',
  options: [
    {
      name: 'db',
      type: 'string',
      description: 'database to follow (any supported kind; opened read-only)',
    },
    { name: 'session', type: 'string', description: 'only this session' },
    { name: 'from-start', type: 'boolean', description: 'print the spans already there first' },
    {
      name: 'poll-ms',
      type: 'number',
      default: 100,
      description: 'fallback poll interval (a file watch wakes it sooner)',
    },
  ],
  async run(ctx) {
    const fs = await import('node:fs')
    const { tailSpans } = await loadTailModule()
    const file = ctx.dbPath()
    if (!fs.existsSync(file)) throw new CliError(`${file}: no such file`)
    const pollMs = Number(ctx.options['poll-ms'] ?? 100)
    if (!Number.isFinite(pollMs) || pollMs < 10)
      throw new CliError('--poll-ms must be a number ≥ 10', 2)
    const sessionId = typeof ctx.options.session === 'string' ? ctx.options.session : undefined
    if (!ctx.json)
      ctx.stderr.write(
        `following ${file}${sessionId ? ` (session ${sessionId})` : ''}; Ctrl-C to stop\n`,
      )
    await tailSpans(file, {
      sessionId,
      fromStart: ctx.options['from-start'] === true,
      pollMs,
      signal: ctx.signal,
      onSpans: (spans) => {
        const out = spans.map((s) => (ctx.json ? JSON.stringify(s) : line(s))).join('\n')
        ctx.stdout.write(`${out}\n`)
      },
      onError: (e) => ctx.stderr.write(`tail: ${e.message}\n`),
    })
    return 0
  },
}

export default tailCommand
