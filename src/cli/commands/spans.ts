import { spanQueryFor } from '../../main/exchange/filters'
import type { CliCommand } from '../command'
import { load } from '../lazy'
import { STATUS_MARK, formatDuration, formatTime, table, truncate } from '../format'
import {
  SINCE,
  UNTIL,
  filterFromOptions,
  optLimit,
  printJson,
  SESSION,
  sessionArg,
  requireSessions,
  WHERE,
} from '../options'
import type { Span } from '../../shared/domain'

export const spansCommand: CliCommand = {
  name: 'spans',
  summary: "a session's spans, filtered (status, name, time, agent, text, a where expression)",
  usage:
    'spans <session> [--where expr] [--status s] [--name n] [--since t] [--agent a] [--text t] [--limit n]',
  options: [
    SESSION,
    {
      name: 'status',
      type: 'string',
      description: 'ok, error or unset (completed/failed accepted)',
    },
    { name: 'name', type: 'string', description: 'exact span name' },
    SINCE,
    UNTIL,
    { name: 'agent', type: 'string', multiple: true, description: 'only this agent' },
    {
      name: 'text',
      type: 'string',
      description: 'text search over names, messages and attributes',
    },
    WHERE,
    { name: 'limit', type: 'number', default: 100, description: 'how many spans' },
    { name: 'newest', type: 'boolean', description: 'newest first (default: in start order)' },
  ],
  async run(ctx) {
    const sessionId = sessionArg(ctx, this.usage)
    const limit = optLimit(ctx, 'limit', 100)
    const filter = filterFromOptions(ctx, { sessions: [sessionId] })
    const { withReadable } = load.openDb()
    return withReadable(ctx, (q) => {
      requireSessions(ctx, q, [sessionId])
      const query = {
        ...spanQueryFor(filter, sessionId),
        order: ctx.options.newest ? ('desc' as const) : ('asc' as const),
      }
      // a filtered page of another tool's file may be short before the end: read on to --limit
      const page: { items: Span[]; nextCursor: string | null } = { items: [], nextCursor: null }
      do {
        const next = q.listSpans({
          ...query,
          limit: limit - page.items.length,
          cursor: page.nextCursor,
        })
        page.items.push(...next.items)
        page.nextCursor = next.nextCursor
      } while (page.nextCursor !== null && page.items.length < limit)
      if (ctx.json) {
        printJson(ctx, page.items)
        return 0
      }
      if (!page.items.length) {
        ctx.stderr.write('no matching spans\n')
        return 0
      }
      const rows = page.items.map((s) => [
        formatTime(s.startTime),
        s.endTime === null ? 'running' : formatDuration(s.durationMs ?? s.endTime - s.startTime),
        `${STATUS_MARK[s.status] ?? '·'} ${s.status}`,
        s.agentId ?? '',
        truncate(s.name, 48),
        s.spanId,
      ])
      ctx.stdout.write(table(['START (UTC)', 'DURATION', 'STATUS', 'AGENT', 'NAME', 'SPAN'], rows))
      if (page.nextCursor) ctx.stderr.write(`(first ${limit}; use --limit for more)\n`)
      return 0
    })
  },
}
