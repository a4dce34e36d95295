import type { Span } from '../../shared/domain'
import { load } from '../lazy'
import type { CliCommand } from '../command'
import { count, formatDuration, formatTime } from '../format'
import { SESSION, optLimit, printJson, requireSessions, sessionArg } from '../options'
import { sessionStatusWord } from '../../shared/sessionStatusRule'

export const traceCommand: CliCommand = {
  name: 'trace',
  summary: "one session's spans as an indented tree with durations and status",
  usage: 'trace <session> [--max-spans n]',
  options: [
    SESSION,
    {
      name: 'max-spans',
      type: 'number',
      default: 20000,
      description: 'stop reading after this many spans',
    },
  ],
  async run(ctx) {
    const sessionId = sessionArg(ctx, this.usage)
    const max = optLimit(ctx, 'max-spans', 20000)
    const { withReadable } = load.openDb()
    const { allPages } = load.paging()
    const { buildTree, renderTree, treeJson } = load.spanTree()
    return withReadable(ctx, (q) => {
      const [session] = requireSessions(ctx, q, [sessionId])
      const spans: Span[] = []
      for (const page of allPages((cursor, limit) =>
        q.listSpans({ sessionId, order: 'asc', cursor, limit }),
      )) {
        spans.push(...page)
        if (spans.length > max) break
        ctx.progress(`reading spans: ${spans.length}`)
      }
      const truncated = spans.length > max
      if (truncated) spans.length = max
      const roots = buildTree(spans)
      if (ctx.json) {
        printJson(ctx, { session, truncated, spans: treeJson(roots) })
        return 0
      }
      const head = `${session.id}${session.name ? ` — ${session.name}` : ''}  ${session.live ? 'live' : sessionStatusWord(session)}  ${formatTime(session.startTime)}  ${formatDuration(session.durationMs)}  ${count(session.spanCount, 'span')}, ${count(session.errorCount, 'error')}`
      ctx.stdout.write(`${head}\n`)
      const lines = renderTree(roots, session.startTime ?? spans[0]?.startTime ?? null)
      ctx.stdout.write(lines.length ? `${lines.join('\n')}\n` : '(no spans)\n')
      if (truncated) ctx.stderr.write(`(stopped after ${max} spans; use --max-spans for more)\n`)
      return 0
    })
  },
}
