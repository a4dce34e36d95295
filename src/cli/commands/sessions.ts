import type { CliCommand } from '../command'
import { load } from '../lazy'
import { CliError } from '../command'
import { parseFilter } from '../../main/exchange/filters'
import { formatDuration, formatTime, table, truncate } from '../format'
import { SINCE, UNTIL, optLimit, optString, printJson, requireSessions } from '../options'
import type { CliContext } from '../command'
import type { Session } from '../../shared/domain'
import type { Page, TraceQueries } from '../../shared/queries'

function onlySession(
  ctx: CliContext,
  q: TraceQueries,
  id: string,
  status: string | undefined,
): Page<Session> {
  const [s] = requireSessions(ctx, q, [id])
  return { items: status === undefined || s.status === status ? [s] : [], nextCursor: null }
}
import { sessionUsageFields } from '../usageFields'
import { formatTokens, formatUsd } from '../../shared/genai/formatUsage'
import { totalOf } from '../../shared/genai/usageTotals'
import { sessionStatusWord } from '../../shared/sessionStatusRule'

export const sessionsCommand: CliCommand = {
  name: 'sessions',
  summary: 'list sessions (runs), most recent activity first',
  usage: 'sessions [--limit n] [--since t] [--status s] [--text t]',
  options: [
    { name: 'session', type: 'string', description: 'only this session' },
    { name: 'limit', type: 'number', default: 50, description: 'how many sessions' },
    SINCE,
    UNTIL,
    {
      name: 'status',
      type: 'string',
      description: 'running, completed, failed or unknown (unknown includes "no spans")',
    },
    { name: 'text', type: 'string', description: 'id or name contains (case-insensitive)' },
    {
      name: 'sort',
      type: 'string',
      default: 'lastActivity',
      description: 'lastActivity, startTime, duration, spans, errors or name',
    },
  ],
  async run(ctx) {
    const { withReadable } = load.openDb()
    const limit = optLimit(ctx, 'limit', 50)
    const filter = parseFilter({ since: optString(ctx, 'since'), until: optString(ctx, 'until') })
    const status = optString(ctx, 'status')
    const STATUSES = ['running', 'completed', 'failed', 'unknown']
    if (status !== undefined && !STATUSES.includes(status))
      throw new CliError(`invalid --status "${status}": expected ${STATUSES.join(', ')}`, 2)
    const sort = optString(ctx, 'sort') ?? 'lastActivity'
    const SORTS = ['lastActivity', 'startTime', 'duration', 'spans', 'errors', 'name']
    if (!SORTS.includes(sort))
      throw new CliError(`invalid --sort "${sort}": expected ${SORTS.join(', ')}`, 2)
    const only = optString(ctx, 'session')
    return withReadable(ctx, (q) => {
      // one session by id (the status/time/text filters still apply to it)
      const page =
        only !== undefined
          ? onlySession(ctx, q, only, status)
          : q.listSessions({
              limit,
              since: filter.since,
              until: filter.until,
              status: status as 'running' | undefined,
              text: optString(ctx, 'text'),
              sort: sort as 'lastActivity',
              order: sort === 'name' ? 'asc' : 'desc',
            })
      if (ctx.json) {
        printJson(
          ctx,
          page.items.map(({ usage, ...s }) => ({ ...s, ...sessionUsageFields(usage) })),
        )
        return 0
      }
      if (!page.items.length) {
        ctx.stderr.write('no sessions\n')
        return 0
      }
      const rows = page.items.map((s) => [
        s.id,
        truncate(s.name ?? '', 40),
        s.live ? 'live' : sessionStatusWord(s),
        formatTime(s.startTime),
        formatDuration(s.durationMs),
        String(s.spanCount),
        s.unresolvedErrorCount
          ? `${s.errorCount} (${s.unresolvedErrorCount} open)`
          : String(s.errorCount),
        String(s.agentCount),
        s.usage ? (s.usage.partial ? '≥ ' : '') + formatTokens(totalOf(s.usage)) : '—',
        s.usage
          ? formatUsd(s.usage.costUsd) +
            (s.usage.unpricedTokens ? ` (+${formatTokens(s.usage.unpricedTokens)} unpriced)` : '')
          : '—',
      ])
      ctx.stdout.write(
        table(
          [
            'SESSION',
            'NAME',
            'STATUS',
            'STARTED (UTC)',
            'DURATION',
            'SPANS',
            'ERRORS',
            'AGENTS',
            'TOKENS',
            'COST',
          ],
          rows,
        ),
      )
      if (page.nextCursor) ctx.stderr.write(`(first ${limit}; use --limit for more)\n`)
      return 0
    })
  },
}
