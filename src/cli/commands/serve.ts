// `tracescope serve`: the viewer in a browser. Serves the built renderer and the same contract
// the desktop app uses, on loopback, behind a random token in the printed URL.
import type { CliCommand, CliContext } from '../command'
import { CliError } from '../command'
import { load } from '../lazy'
import { optPort } from '../options'
import { appDataDir } from '../../main/appPaths'

function files(ctx: CliContext): string[] {
  const v = ctx.options.db
  if (v === undefined) return []
  return (Array.isArray(v) ? v : [String(v)]).filter((s) => s.length > 0)
}

export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'open the viewer in a browser (loopback only, token-protected)',
  usage: 'serve [--db file]… [--port N] [--host 127.0.0.1]',
  options: [
    {
      name: 'db',
      type: 'string',
      multiple: true,
      description: "file(s) to show (default: the app's own store)",
    },
    { name: 'port', type: 'number', default: 0, description: 'port (0: a random free one)' },
    {
      name: 'host',
      type: 'string',
      default: '127.0.0.1',
      description: 'loopback address: 127.0.0.1, ::1 or localhost',
    },
    {
      name: 'in-process',
      type: 'boolean',
      description: 'query on the main thread instead of worker threads',
    },
  ],
  async run(ctx) {
    const { startServer } = await load.startServer()
    const dbs = files(ctx)
    const options = {
      sources: dbs,
      appStorePath: dbs.length === 0 ? ctx.dbPath() : null,
      port: optPort(ctx, 0),
      host: typeof ctx.options.host === 'string' ? ctx.options.host : '127.0.0.1',
      service: ctx.options['in-process'] === true ? ('in-process' as const) : ('worker' as const),
      prefsDir: appDataDir(),
      log: (line: string) => void ctx.stderr.write(line + '\n'),
    }
    let server
    try {
      server = await startServer(options)
    } catch (e) {
      throw new CliError((e as Error).message)
    }
    const names = server.sources.map((s) => `${s.name} (${s.info.kind})`).join(', ')
    if (ctx.json) {
      ctx.stdout.write(
        `${JSON.stringify({ event: 'listening', url: server.url, port: server.port, sources: server.sources.map((s) => s.path) })}\n`,
      )
    } else {
      ctx.stderr.write(
        `Serving ${names}\nOpen this address (it carries the access token); Ctrl-C to stop:\n`,
      )
      ctx.stdout.write(`${server.url}\n`)
    }
    await new Promise<void>((resolve) => {
      if (ctx.signal.aborted) return resolve()
      ctx.signal.addEventListener('abort', () => resolve(), { once: true })
    })
    await server.close()
    if (!ctx.json) ctx.stderr.write('stopped\n')
    return 0
  },
}

export default serveCommand
