import type { CliCommand } from '../command'
import { CliError } from '../command'
import { load } from '../lazy'
import { optLimit, printJson, requireArg, requireSessions } from '../options'
import type { Session } from '../../shared/domain'

export const diffCommand: CliCommand = {
  name: 'diff',
  summary: 'what changed between two runs: steps aligned, slower, failed, added, removed',
  usage: 'diff <sessionA> <sessionB> [--limit n]',
  options: [
    { name: 'limit', type: 'number', default: 30, description: 'how many differing steps to show' },
    {
      name: 'max-spans',
      type: 'number',
      default: 200000,
      description: 'stop reading a session after this many spans',
    },
  ],
  async run(ctx) {
    const idA = requireArg(ctx, 0, 'sessionA', this.usage)
    const idB = requireArg(ctx, 1, 'sessionB', this.usage)
    if (ctx.args.length > 2)
      throw new CliError(
        `too many arguments: ${ctx.args.slice(2).join(' ')} (usage: tracescope ${this.usage})`,
        2,
      )
    const limit = optLimit(ctx, 'limit', 30)
    const max = optLimit(ctx, 'max-spans', 200000)
    const { withReadable } = load.openDb()
    const { readRun } = load.readRun()
    const { diffRuns, rankByImpact } = load.runDiff()
    return withReadable(ctx, (q) => {
      const [a, b] = requireSessions<Session>(ctx, q, [idA, idB])
      ctx.progress(`reading ${idA}`)
      const runA = readRun(q, idA, max)
      ctx.progress(`reading ${idB}`)
      const runB = readRun(q, idB, max)
      ctx.progressDone?.()
      for (const [id, r] of [
        [idA, runA],
        [idB, runB],
      ] as const)
        if (r.truncated)
          ctx.stderr.write(
            `(${id}: compared its first ${max} spans only; use --max-spans for more)\n`,
          )
      const d = diffRuns(runA, runB)
      const ranked = rankByImpact(d.steps)
      if (ctx.json) {
        const { messageDiff } = load.messageDiff()
        const bySpan = (run: typeof runA) => new Map(run.spans.map((s) => [s.spanId, s]))
        const spansA = bySpan(runA)
        const spansB = bySpan(runB)
        const same = d.steps.filter((s) => s.change === 'same')
        printJson(ctx, {
          a: { sessionId: a.id, name: a.name, truncated: runA.truncated },
          b: { sessionId: b.id, name: b.name, truncated: runB.truncated },
          summary: d.summary,
          steps: [...ranked, ...same].map(({ index: _i, parentIndex: _p, impact: _m, ...s }) => ({
            ...s,
            ...(s.messagesChanged && {
              messageDiff: messageDiff(
                spansA.get(s.a!.spanId) ?? null,
                spansB.get(s.b!.spanId) ?? null,
                runA.eventsBySpan,
                runB.eventsBySpan,
              ),
            }),
          })),
        })
        return 0
      }
      ctx.stdout.write(load.diffText().diffText(a, b, d, ranked, limit))
      return 0
    })
  },
}
