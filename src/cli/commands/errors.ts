import type { CliCommand } from '../command'
import { load } from '../lazy'
import { formatTime, table, truncate } from '../format'
import { SINCE, UNTIL, optBool, optLimit, optString, printJson, requireSessions } from '../options'
import { parseFilter } from '../../main/exchange/filters'

export const errorsCommand: CliCommand = {
  name: 'errors',
  summary: 'errors and failures, newest first',
  usage: 'errors [--unresolved] [--session id] [--since t] [--limit n]',
  options: [
    { name: 'unresolved', type: 'boolean', description: 'only errors not yet resolved' },
    { name: 'resolved', type: 'boolean', description: 'only resolved errors' },
    { name: 'session', type: 'string', description: 'only this session' },
    SINCE,
    UNTIL,
    { name: 'limit', type: 'number', default: 100, description: 'how many errors' },
  ],
  async run(ctx) {
    const limit = optLimit(ctx, 'limit', 100)
    const filter = parseFilter({ since: optString(ctx, 'since'), until: optString(ctx, 'until') })
    const resolved = optBool(ctx, 'unresolved')
      ? false
      : optBool(ctx, 'resolved')
        ? true
        : undefined
    const { withReadable } = load.openDb()
    const sessionId = optString(ctx, 'session')
    return withReadable(ctx, (q) => {
      if (sessionId !== undefined) requireSessions(ctx, q, [sessionId])
      const page = q.listErrors({
        sessionId,
        resolved,
        since: filter.since,
        until: filter.until,
        limit,
      })
      if (ctx.json) {
        printJson(ctx, page.items)
        return 0
      }
      if (!page.items.length) {
        ctx.stderr.write('no errors\n')
        return 0
      }
      const rows = page.items.map((e) => [
        e.id,
        formatTime(e.time),
        e.sessionId ?? '',
        e.resolved ? 'resolved' : 'open',
        truncate(e.type, 24),
        truncate(e.message, 80),
      ])
      ctx.stdout.write(table(['ERROR', 'TIME (UTC)', 'SESSION', 'STATE', 'TYPE', 'MESSAGE'], rows))
      if (page.nextCursor) ctx.stderr.write(`(first ${limit}; use --limit for more)\n`)
      return 0
    })
  },
}
