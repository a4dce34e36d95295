import type { CliCommand } from '../command'
import { load } from '../lazy'
import { formatBytes, formatDuration, table, truncate } from '../format'
import {
  SINCE,
  WHERE,
  optLimit,
  optNumber,
  optString,
  printJson,
  requireSessions,
} from '../options'
import { CliError, type CliContext } from '../command'
import { parseDuration, parseFilter } from '../../main/exchange/filters'
import { GROUP_BYS, type GroupBy } from '../../shared/stats/groupStats'
import {
  costSourceCounts,
  costSourceNote,
  formatTokens,
  formatUsd,
  usageLine,
} from '../../shared/genai/formatUsage'
import { totalOf, type UsageTotals } from '../../shared/genai/usageTotals'

/** One row per agent or model: calls, tokens, cost of the priced calls, unpriced tokens. */
function usageTable(what: string, rows: Array<[string, UsageTotals]>): string {
  return table(
    [what, 'CALLS', 'TOKENS', 'COST', 'UNPRICED'],
    rows.map(([name, u]) => [
      truncate(name || '(none)', 48),
      String(u.calls),
      formatTokens(totalOf(u)),
      formatUsd(u.costUsd),
      u.unpricedTokens ? formatTokens(u.unpricedTokens) : '',
    ]),
  )
}

async function grouped(ctx: CliContext): Promise<number> {
  const groupBy = (optString(ctx, 'group-by') ?? 'name') as GroupBy
  if (!GROUP_BYS.includes(groupBy))
    throw new CliError(`invalid --group-by "${groupBy}": expected ${GROUP_BYS.join(', ')}`, 2)
  if (optNumber(ctx, 'hours') !== undefined)
    throw new CliError(
      '--hours and --since/--group-by/--where do not go together: use --since 24h',
      2,
    )
  const windowText = optString(ctx, 'window') ?? '1h'
  const windowMs = parseDuration(windowText)
  if (windowMs === null || !(windowMs > 0))
    throw new CliError(
      `invalid --window "${windowText}": expected a duration such as 30m, 1h, 1d`,
      2,
    )
  // the same parse (and exit 2 naming the column) as `spans --where`
  const { since, where } = parseFilter({
    since: optString(ctx, 'since'),
    where: optString(ctx, 'where'),
  })
  const sessionId = optString(ctx, 'session')
  const limit = optLimit(ctx, 'limit', 40)
  const { withReadable } = load.openDb()
  const { readStats } = load.readStats()
  return withReadable(ctx, (q) => {
    if (sessionId !== undefined) requireSessions(ctx, q, [sessionId])
    const r = readStats(q, { groupBy, since, sessionId, windowMs, where }, (n) =>
      ctx.progress(`reading spans: ${n.toLocaleString('en')}`),
    )
    ctx.progressDone?.()
    if (ctx.json) {
      printJson(ctx, {
        path: ctx.dbPath(),
        groupBy,
        ...(groupBy === 'window' && { windowMs }),
        since: since ?? null,
        sessionId: sessionId ?? null,
        where: where ?? null,
        spans: r.spans,
        groups: r.groups,
      })
      return 0
    }
    ctx.stdout.write(load.groupedStats().groupedStatsText(groupBy, r.spans, r.groups, limit))
    return 0
  })
}

export const statsCommand: CliCommand = {
  name: 'stats',
  summary:
    'counts, file size, error rate, duration percentiles per span name, cost by agent and model',
  usage:
    'stats [--session id] [--hours n] [--group-by name|agent|workflow|user|window] [--since t] [--where expr]',
  options: [
    { name: 'session', type: 'string', description: "only this session's spans" },
    { name: 'hours', type: 'number', description: 'only the last n hours (span statistics)' },
    {
      name: 'group-by',
      type: 'string',
      description:
        'span statistics by name, agent, workflow, user or window: count, error rate, p50/p95/p99, self time, tokens, cost',
    },
    SINCE,
    {
      ...WHERE,
      description:
        "span statistics of the spans matching a filter expression, e.g. 'agent:coder' (docs/filter.md)",
    },
    {
      name: 'window',
      type: 'string',
      default: '1h',
      description: 'bucket size of --group-by window (30m, 1h, 1d)',
    },
    { name: 'limit', type: 'number', default: 40, description: 'how many groups to show' },
  ],
  async run(ctx) {
    if (
      optString(ctx, 'group-by') !== undefined ||
      optString(ctx, 'since') !== undefined ||
      optString(ctx, 'where') !== undefined
    )
      return grouped(ctx)
    const hours = optNumber(ctx, 'hours')
    if (hours !== undefined && !(hours > 0))
      throw new CliError(`invalid --hours "${hours}": expected a number > 0`, 2)
    const { withReadable } = load.openDb()
    const sessionId = optString(ctx, 'session')
    return withReadable(ctx, (q) => {
      if (sessionId !== undefined) requireSessions(ctx, q, [sessionId])
      const stats = q.stats({ hours, sessionId })
      const { session: usage, byAgent, byModel } = q.usageRollup(sessionId)
      if (ctx.json) {
        printJson(ctx, {
          path: ctx.dbPath(),
          ...(sessionId !== undefined && { sessionId }),
          ...stats,
          usage: {
            ...usage,
            partial: usage.partial ?? false,
            costSource: costSourceCounts(usage),
            byAgent,
            byModel,
          },
        })
        return 0
      }
      const out: string[] = []
      out.push(`${ctx.dbPath()}  (${stats.kind}, ${formatBytes(stats.fileBytes)})`)
      out.push(
        Object.entries(stats.counts)
          .map(([k, v]) => `${k}: ${v}`)
          .join('  '),
      )
      out.push(
        `error rate: ${(stats.errorRate * 100).toFixed(2)}%${sessionId !== undefined ? ` (session ${sessionId})` : ''}${hours !== undefined ? ` (last ${hours} h)` : ''}`,
      )
      if (stats.queue)
        out.push(
          `writer: ${stats.queue.written} written, ${stats.queue.rejected} rejected, ${stats.queue.batches} batches`,
        )
      ctx.stdout.write(out.join('\n') + '\n')
      if (stats.spanNames.length) {
        const rows = stats.spanNames.map((s) => [
          truncate(s.name, 48),
          String(s.count),
          String(s.errorCount),
          formatDuration(s.avgMs),
          formatDuration(s.p50Ms),
          formatDuration(s.p95Ms),
        ])
        ctx.stdout.write('\n' + table(['SPAN NAME', 'COUNT', 'ERRORS', 'AVG', 'P50', 'P95'], rows))
      }
      if (usage.calls > 0) {
        const of = usage.partial ? ' (at least: only part of the calls were read)' : ''
        const recorded = costSourceNote(usage)
        ctx.stdout.write(`\ncost ${usageLine(usage)}${of}${recorded ? ` (${recorded})` : ''}\n`)
        ctx.stdout.write(
          '\n' +
            usageTable(
              'AGENT',
              byAgent.map((a) => [a.agentId, a.usage]),
            ),
        )
        ctx.stdout.write(
          '\n' +
            usageTable(
              'MODEL',
              byModel.map((m) => [m.model, m.usage]),
            ),
        )
      }
      return 0
    })
  },
}
