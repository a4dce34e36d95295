// The breakages `npm run mutate` makes, one at a time. Each is a defect a user could meet, the
// smallest edit that causes it, and the test files that must notice it. Add one whenever a
// defect is found, so that the test written for it is proven to catch it.
// test/scripts/mutations.test.ts checks that every edit still applies to today's code.

export interface Edit {
  /** exact text, found exactly once in the file */
  find: string
  replace: string
}

export interface Mutation {
  id: string
  /** what the user would meet */
  breaks: string
  file: string
  edits: Edit[]
  /** test files that must fail */
  tests: string[]
}

export const MUTATIONS: Mutation[] = [
  {
    id: 'migration-not-atomic',
    breaks: 'a failed migration step leaves a half-migrated file',
    file: 'src/main/store/migrations/index.ts',
    edits: [
      {
        find: '  db.transaction(() => {\n    // read again under the write lock',
        replace: '  ;(() => {\n    // read again under the write lock',
      },
      { find: '  }).immediate()\n  return applied', replace: '  })()\n  return applied' },
    ],
    tests: ['test/store/migrations.test.ts', 'test/store/migrationsFrozen.test.ts'],
  },
  {
    id: 'locked-reported-as-io',
    breaks: 'a file locked by another program is reported as an I/O error',
    file: 'src/main/sources/sourceErrors.ts',
    edits: [
      {
        find: "      return make(\n        'locked',",
        replace: "      return make(\n        'io',",
      },
    ],
    tests: ['test/sources/sourceErrors.test.ts', 'test/sources/safeOpen.test.ts'],
  },
  {
    id: 'corrupt-reported-as-io',
    breaks: 'a damaged file is reported as an I/O error, without the .recover hint',
    file: 'src/main/sources/sourceErrors.ts',
    edits: [
      {
        find: "      return make(\n        'corrupt',",
        replace: "      return make(\n        'io',",
      },
    ],
    tests: ['test/sources/sourceErrors.test.ts', 'test/sources/safeOpen.test.ts'],
  },
  {
    id: 'writer-retries-once-more',
    breaks: 'the writer retries past its budget',
    file: 'src/main/store/writerQueue.ts',
    edits: [
      {
        find: 'isBusyError(err) && attempt < this.opts.busyRetries',
        replace: 'isBusyError(err) && attempt <= this.opts.busyRetries',
      },
    ],
    tests: ['test/store/writerQueue.test.ts'],
  },
  {
    id: 'writer-backoff-uncapped',
    breaks: 'busy retries wait up to 10 s each instead of 1 s',
    file: 'src/main/store/writerQueue.ts',
    edits: [
      { find: 'Math.min(1000, 5 * 2 ** attempt)', replace: 'Math.min(10_000, 5 * 2 ** attempt)' },
    ],
    tests: ['test/store/writerQueue.test.ts'],
  },
  {
    id: 'record-size-limit-off',
    breaks: 'a record over the size limit is stored',
    file: 'src/main/store/recordValidation.ts',
    edits: [
      {
        find: '    if (this.bytes > this.limit) {',
        replace: '    if (this.bytes > this.limit * 4) {',
      },
    ],
    tests: ['test/store/writerQueue.test.ts', 'test/store/storeRoundTrip.test.ts'],
  },
  {
    id: 'serve-host-prefix',
    breaks: 'a DNS-rebinding Host such as localhost.evil.example reaches the viewer',
    file: 'src/main/server/requestGuards.ts',
    edits: [{ find: 'h === `${name}:${port}`', replace: 'h.startsWith(name)' }],
    tests: ['test/security/servers.test.ts', 'test/server/browserServer.test.ts'],
  },
  {
    id: 'serve-any-origin',
    breaks: 'any web page may call the viewer API',
    file: 'src/main/server/requestGuards.ts',
    edits: [
      {
        find: '  if (origin === undefined) return true',
        replace: '  if (origin === undefined || origin.startsWith("http")) return true',
      },
    ],
    tests: ['test/security/servers.test.ts', 'test/server/browserServer.test.ts'],
  },
  {
    id: 'otlp-nesting-uncapped',
    breaks: 'an OTLP attribute nested 3,000 deep is accepted',
    file: 'src/main/otlp/otlpValues.ts',
    edits: [{ find: '  if (depth > 32) throw', replace: '  if (depth > 32_000) throw' }],
    tests: ['test/otlp/otlpTraces.test.ts', 'test/otlp/otlpTracesProto.test.ts'],
  },
  {
    id: 'otlp-error-status-as-ok',
    breaks: 'OTLP spans that failed are drawn as successes',
    file: 'src/main/otlp/otlpTraces.ts',
    edits: [
      {
        find: "const STATUS_NAMES: SpanStatus[] = ['unset', 'ok', 'error']",
        replace: "const STATUS_NAMES: SpanStatus[] = ['unset', 'ok', 'ok']",
      },
    ],
    tests: ['test/otlp/otlpTraces.test.ts', 'test/collector/collector.test.ts'],
  },
  {
    id: 'duration-rounds-to-60s',
    breaks: 'a 9 min 59.7 s duration reads "9m 60s"',
    file: 'src/renderer/lib/format.ts',
    edits: [{ find: '    if (us < 1000) return `${us}µs`', replace: '    return `${us}µs`' }],
    tests: ['test/renderer/format.durations.test.ts'],
  },
  {
    id: 'flujo-error-filter-off',
    breaks: "flujo's --status error filter returns every span",
    file: 'src/main/sources/flujoSource.ts',
    edits: [
      {
        find: "    if (q.status === 'error') where.push(`lower(s.status) IN ${FAILED}`)",
        replace: "    if (q.status === 'error') where.push('1')",
      },
    ],
    tests: ['test/cli/cliFilterMatrix.test.ts', 'test/cli/cliWhere.test.ts'],
  },
  {
    id: 'claude-flow-error-events-ignored',
    breaks: 'a Claude-Flow task_fail trace with an error event is drawn as a success',
    file: 'src/main/sources/claudeFlowStatus.ts',
    edits: [{ find: '  if (c.errorEvents)', replace: '  if (c.errorEvents && false)' }],
    tests: ['test/sources/claudeFlowSource.test.ts', 'test/cli/cliFilterMatrix.test.ts'],
  },
  {
    id: 'agent-keyed-by-id',
    breaks: 'an agent named by id on invoke_agent and by name below it shows as two agents',
    file: 'src/shared/agentIdentity.ts',
    edits: [
      {
        find: '  const key = name ?? (id !== null ? (namesById?.get(id) ?? id) : null)',
        replace: '  const key = id ?? name',
      },
    ],
    tests: ['test/shared/agentIdentity.test.ts'],
  },
  {
    id: 'chrome-one-track-per-agent',
    breaks: "an agent's parallel calls overlap on one thread; speedscope rejects the export",
    file: 'src/main/exchange/exportChrome.ts',
    edits: [{ find: '      if (fit) return fit.tid', replace: '      return list[0].tid' }],
    tests: ['test/exchange/exportChrome.test.ts'],
  },
  {
    id: 'otlp-session-status-unknown',
    breaks: 'an OTLP session whose spans failed shows status unknown',
    file: 'src/main/store/rowMappers.ts',
    edits: [{ find: "    stored === 'unknown'", replace: "    stored === ('never' as string)" }],
    tests: ['test/shared/sessionStatusRule.test.ts'],
  },
  {
    id: 'session-times-from-source',
    breaks: "a flujo run's header contradicts its spans (10:00 · 5m over spans at 02:23 for 20 s)",
    file: 'src/shared/sessionTimes.ts',
    edits: [{ find: '  if (!timesDisagree(s, r)) {', replace: '  if (r === r) {' }],
    tests: ['test/shared/sessionTimes.test.ts'],
  },
  {
    id: 'usage-rewrite-counted-twice',
    breaks: 'a span written again in place (start, then end) has its tokens and cost counted twice',
    file: 'src/main/store/usageLedger.ts',
    edits: [
      {
        find: '    if (old) this.add(at.sid, old.agent, old.parent, old.model, old.counts, -1)\n',
        replace: '',
      },
    ],
    tests: ['test/store/usageLedger.test.ts', 'test/store/usageRollupQuery.test.ts'],
  },
  {
    id: 'usage-kept-for-failed-record',
    breaks: 'a span that failed inside SQLite still adds its tokens to the session',
    file: 'src/main/store/batchWriter.ts',
    edits: [{ find: '              this.usage.restore(savedUsage)\n', replace: '' }],
    tests: ['test/store/usageLedger.test.ts'],
  },
  {
    id: 'usage-not-backfilled',
    breaks: 'a store from before schema v5 shows no tokens or cost after the upgrade',
    file: 'src/main/store/migrations/0005-usage-totals.ts',
    edits: [{ find: '      if (!usage) continue', replace: '      if (usage) continue' }],
    tests: ['test/store/migrationsFrozen.test.ts'],
  },
  {
    id: 'open-span-never-ends',
    breaks: 'a span left open by a writer that stopped is drawn as running forever',
    file: 'src/shared/sessionStatusRule.ts',
    edits: [
      {
        find: '  if (session.lastActivity !== null && now - session.lastActivity >= quietMs) return',
        replace: '  if (session.lastActivity !== null && now - session.lastActivity < 0) return',
      },
    ],
    tests: ['test/renderer/openSpans.test.ts', 'test/e2e/runningSpan.test.ts'],
  },
  {
    id: 'tail-misses-updates',
    breaks: '`tail` never prints an error resolved or a task finished by another process',
    file: 'src/main/tail/windowFollower.ts',
    edits: [
      { find: '      if (before?.fp === fp) continue', replace: '      if (before) continue' },
    ],
    tests: ['test/tail/tailRecords.test.ts'],
  },
  {
    id: 'not-live-silent',
    breaks: 'a file that cannot be followed live looks live: the header never says so',
    file: 'src/main/sources/followedSource.ts',
    edits: [
      {
        find: '            ? { ...info, notes: [cannotFollow, ...info.notes], notLive: cannotFollow }',
        replace: '            ? { ...info, notes: [cannotFollow, ...info.notes] }',
      },
    ],
    tests: ['test/sources/followedSource.test.ts', 'test/e2e/notLiveNotice.test.ts'],
  },
  {
    id: 'critical-path-empty-window',
    breaks:
      'a message or link stamped before the span it names began (two agents, two clocks) walks the path back into time already counted: shares over 100 %',
    file: 'src/renderer/timeline/criticalPath.ts',
    edits: [
      {
        find: 'if (entered[d] === 1 || Math.max(start[d], low) >= a) continue',
        replace: 'if (entered[d] === 1) continue',
      },
    ],
    tests: ['test/renderer/criticalPath.test.ts'],
  },
  {
    id: 'critical-path-drops-late-steps',
    breaks:
      "on a flujo or Claude-Flow run whose steps start after their parent span ended, the critical path stops at the parent and calls the steps' time idle",
    file: 'src/renderer/timeline/criticalPath.ts',
    edits: [
      {
        find: 'const detached = p >= 0 && start[i] >= end[p]',
        replace: 'const detached = false',
      },
    ],
    tests: ['test/renderer/criticalPath.test.ts'],
  },
  {
    id: 'agent-bars-by-status',
    breaks:
      'timeline bars keep the status colours, so nothing on a row says which agent ran it but the name',
    file: 'src/renderer/draw/waterfallRows.ts',
    edits: [
      {
        find: '        : agentColour\n          ? agentColour',
        replace: '        : false\n          ? agentColour',
      },
    ],
    tests: ['test/e2e/agentColours.test.ts'],
  },
  {
    id: 'lanes-waiting-counted-busy',
    breaks: "an agent waiting on another agent's span shows as busy in its lane",
    file: 'src/renderer/timeline/agentLanes.ts',
    edits: [{ find: '      if (t.agentIds[ch] === a) continue', replace: '      continue' }],
    tests: ['test/renderer/agentLanes.test.ts', 'test/e2e/agentLanes.test.ts'],
  },
  {
    id: 'filter-not-drops-missing',
    breaks:
      '`not agent:*` finds no span without an agent in a Tracescope store (NULL leaks out of not)',
    file: 'src/main/store/filterSql.ts',
    edits: [{ find: 'sql: `NOT ifnull(${inner.sql}, 0)`', replace: 'sql: `NOT (${inner.sql})`' }],
    tests: ['test/cli/cliWhere.test.ts'],
  },
  {
    id: 'filter-parens-unbounded',
    breaks:
      'a filter of thousands of parentheses reaches the parser (stack overflow, not an error)',
    file: 'src/shared/filter/filterParse.ts',
    edits: [{ find: "c === '(' && ++depth > MAX_NESTING", replace: "c === '(' && ++depth > 1e9" }],
    tests: ['test/shared/filter/filterParse.test.ts'],
  },
  {
    id: 'filter-cursor-skips-a-row',
    breaks: "a filtered list of another tool's spans loses a match at each page boundary",
    file: 'src/main/sources/filteredSpans.ts',
    edits: [{ find: 'encodeCursor({ c, k: i + 1 })', replace: 'encodeCursor({ c, k: i + 2 })' }],
    tests: ['test/sources/filteredSpans.test.ts'],
  },
  {
    id: 'filter-pattern-pushed-as-name',
    breaks: "`name:tool_*` on another tool's file asks it for spans named exactly `tool_*` (none)",
    file: 'src/main/sources/filteredSpans.ts',
    edits: [
      {
        find: "t.type === 'match' && !hasWildcard(t.pattern)",
        replace: "t.type === 'match' && hasWildcard('*')",
      },
    ],
    tests: ['test/sources/filteredSpans.test.ts', 'test/cli/cliWhere.test.ts'],
  },
  {
    id: 'query-mixes-two-snapshots',
    breaks:
      'a commit landing between two statements of one query mixes two states of the file (tail printed spans twice, in two time units)',
    file: 'src/main/sources/readSnapshot.ts',
    edits: [{ find: "        db.exec('BEGIN DEFERRED')\n", replace: '' }],
    tests: ['test/sources/readSnapshot.test.ts'],
  },
  {
    id: 'short-writer-never-seen',
    breaks:
      'a writer that opens, writes and closes between two ticks is never shown by a viewer opened before it',
    file: 'src/main/sources/followedSource.ts',
    edits: [
      {
        find: '      rewritten = fileSignature(real) !== openedAt',
        replace: '      rewritten = false',
      },
    ],
    tests: ['test/sources/followedSource.test.ts', 'test/e2e/conversationTab.test.ts'],
  },
  {
    id: 'settings-one-bad-field-drops-its-object',
    breaks: "one bad port in a hand-edited settings.json resets the collector's other settings",
    file: 'src/main/service/appPrefs.ts',
    edits: [
      {
        find: '    const inner = field instanceof z.ZodObject ? field : null',
        replace: '    const inner = null as z.ZodObject | null',
      },
    ],
    tests: ['test/service/appPrefs.test.ts'],
  },
  {
    id: 'sessions-list-fixed-columns',
    breaks: "in a window under 1,100 px the sessions list leaves the session's name no room",
    file: 'src/renderer/views/SessionsView.tsx',
    edits: [
      {
        find: "{ key: 'startTime', label: 'Started', width: 'minmax(104px, 1.5fr)' }",
        replace: "{ key: 'startTime', label: 'Started', width: '200px' }",
      },
      {
        find: "{ key: 'lastActivity', label: 'Last activity', width: 'minmax(122px, 1.5fr)' }",
        replace: "{ key: 'lastActivity', label: 'Last activity', width: '200px' }",
      },
    ],
    tests: ['test/e2e/sessionsView.test.ts'],
  },
  {
    id: 'stats-older-sessions-unsaid',
    breaks: 'Statistics across sessions leave older sessions out without saying so',
    file: 'src/renderer/views/StatsView.tsx',
    edits: [
      {
        find: '(x.lastActivity ?? x.startTime ?? 0) < since',
        replace: '(x.lastActivity ?? x.startTime ?? 0) < since - 1e15',
      },
    ],
    tests: ['test/e2e/statsView.test.ts'],
  },
]

/** The mutated text; throws when an edit does not match exactly once (the list is stale). */
export function applyMutation(text: string, m: Mutation): string {
  let out = text
  for (const e of m.edits) {
    const at = out.indexOf(e.find)
    if (at < 0 || out.indexOf(e.find, at + 1) >= 0) {
      throw new Error(
        `${m.id}: ${at < 0 ? 'not found' : 'found more than once'} in ${m.file}: ${JSON.stringify(e.find)}`,
      )
    }
    out = out.slice(0, at) + e.replace + out.slice(at + e.find.length)
  }
  return out
}
