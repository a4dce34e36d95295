import type { CliCommand } from '../command'
import { load } from '../lazy'
import { formatBytes, formatDuration, table, truncate } from '../format'
import { optNumber, optString, printJson, requireSessions } from '../options'
import { CliError } from '../command'

export const statsCommand: CliCommand = {
  name: 'stats',
  summary: 'counts, file size, error rate and duration percentiles per span name',
  usage: 'stats [--session id] [--hours n]',
  options: [
    { name: 'session', type: 'string', description: "only this session's spans" },
    { name: 'hours', type: 'number', description: 'only the last n hours (span statistics)' },
  ],
  async run(ctx) {
    const hours = optNumber(ctx, 'hours')
    if (hours !== undefined && !(hours > 0))
      throw new CliError(`invalid --hours "${hours}": expected a number > 0`, 2)
    const { withReadable } = load.openDb()
    const sessionId = optString(ctx, 'session')
    return withReadable(ctx, (q) => {
      if (sessionId !== undefined) requireSessions(ctx, q, [sessionId])
      const stats = q.stats({ hours, sessionId })
      if (ctx.json) {
        printJson(ctx, {
          path: ctx.dbPath(),
          ...(sessionId !== undefined && { sessionId }),
          ...stats,
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
      return 0
    })
  },
}
