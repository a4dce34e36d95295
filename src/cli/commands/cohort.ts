import type { CliCommand } from '../command'
import { CliError } from '../command'
import { load } from '../lazy'
import {
  SINCE,
  optBool,
  optLimit,
  optList,
  optNumber,
  optString,
  printJson,
  requireSessions,
  WHERE,
} from '../options'
import { parseFilter } from '../../main/exchange/filters'
import { count, formatDuration, table, truncate } from '../format'
import type { Selection } from '../../main/stats/readCohort'

const pct = (x: number): string => `${Math.round(x * 100)}%`

export const cohortCommand: CliCommand = {
  name: 'cohort',
  summary:
    'what the failing or slowest spans share: attributes ranked by how they differ from the rest',
  usage:
    'cohort (--failed | --slowest pct | --sessions a,b | --where expr) [--name span] [--since t]',
  options: [
    { name: 'failed', type: 'boolean', description: 'select the failed spans' },
    { name: 'slowest', type: 'number', description: 'select the slowest pct % of spans (0–100)' },
    {
      name: 'sessions',
      type: 'string',
      multiple: true,
      description: 'select the spans of these sessions (comma-separated or repeated)',
    },
    {
      ...WHERE,
      description:
        "select the spans matching a filter expression, e.g. 'model:gpt-4o-mini' (docs/filter.md)",
    },
    { name: 'name', type: 'string', description: 'only spans of this name, in both sets' },
    SINCE,
    { name: 'limit', type: 'number', default: 15, description: 'how many attributes to list' },
  ],
  async run(ctx) {
    const sessions = optList(ctx, 'sessions')
      ?.flatMap((s) => s.split(','))
      .filter(Boolean)
    const slowest = optNumber(ctx, 'slowest')
    // the same parse (and exit 2 naming the column) as `spans --where`
    const { since, where } = parseFilter({
      since: optString(ctx, 'since'),
      where: optString(ctx, 'where'),
    })
    const chosen = [
      optBool(ctx, 'failed'),
      slowest !== undefined,
      sessions !== undefined,
      optString(ctx, 'where') !== undefined,
    ].filter(Boolean)
    if (chosen.length !== 1)
      throw new CliError(
        `choose one selection: --failed, --slowest pct, --sessions ids or --where expr (usage: tracescope ${this.usage})`,
        2,
      )
    if (optString(ctx, 'where') !== undefined && where === undefined)
      throw new CliError('--where is empty: give an expression such as status:error', 2)
    if (slowest !== undefined && !(slowest > 0 && slowest < 100))
      throw new CliError(
        `invalid --slowest "${slowest}": expected a percentage between 0 and 100`,
        2,
      )
    const selection: Selection = optBool(ctx, 'failed')
      ? { kind: 'failed' }
      : slowest !== undefined
        ? { kind: 'slowest', percent: slowest }
        : where !== undefined
          ? { kind: 'where', where }
          : { kind: 'sessions', sessionIds: sessions! }
    const name = optString(ctx, 'name')
    const limit = optLimit(ctx, 'limit', 15)
    const { withReadable } = load.openDb()
    const { readCohort } = load.readCohort()
    return withReadable(ctx, (q) => {
      if (selection.kind === 'sessions') requireSessions(ctx, q, selection.sessionIds)
      const r = readCohort(q, { selection, name, since, limit })
      if (ctx.json) {
        printJson(ctx, {
          path: ctx.dbPath(),
          criteria: selection,
          name: name ?? null,
          since: since ?? null,
          ...r,
        })
        return 0
      }
      const what =
        selection.kind === 'failed'
          ? 'failed'
          : selection.kind === 'slowest'
            ? `slowest ${selection.percent}% (≥ ${formatDuration(r.thresholdMs)})`
            : selection.kind === 'where'
              ? 'matching'
              : `in ${selection.sessionIds.join(', ')}`
      const of = name ? ` ${name}` : ''
      ctx.stdout.write(
        `selection: ${count(r.selection, `${what}${of} span`)}; baseline: ${count(r.baseline, `other${of} span`)}\n`,
      )
      if (!r.attributes.length) {
        ctx.stdout.write(
          r.selection && r.baseline
            ? 'no attribute is spread differently\n'
            : 'nothing to compare: one set is empty\n',
        )
        return 0
      }
      const rows = r.attributes.map((a) => {
        const top = a.values[0]
        return [
          truncate(a.key, 28),
          a.score.toFixed(2),
          truncate(top.value, 24),
          pct(top.selection),
          pct(top.baseline),
        ]
      })
      ctx.stdout.write(
        '\n' +
          table(['ATTRIBUTE', 'SCORE', 'MOST OVER-REPRESENTED', 'SELECTION', 'BASELINE'], rows),
      )
      return 0
    })
  },
}
