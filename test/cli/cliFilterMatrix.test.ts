// Every span filter on every format, through the CLI as a user runs it: --status ok/error/unset,
// --agent, --since and --text on the five foreign formats and the native store. The expected
// counts are written out (read off the fixture writers' rows by hand, not computed by an
// adapter), and each is checked against what the session header shows: the status counts add up
// to its span count, and a session with errors in its header has error spans to show for them.
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Session, Span } from '../../src/shared/domain'
import {
  DEFAULT_BASE_TIME,
  tempDir,
  writeDdeutilDb,
  writeFlujoDb,
  writeMoaiDb,
  writeSessionStoreDb,
  MOAI_AGENT_SESSION,
} from '../fixtures/seedWriters'
import { CLAUDE_FLOW_SAMPLE, SAMPLE_T0, writeClaudeFlowSample } from '../fixtures/realShapedSamples'
import { richRecords, storeWith, T0 } from '../exchange/exchangeHelpers'
import { tracescopeJson } from './cliHelpers'

interface Case {
  /** how the file is made */
  write: (file: string) => Promise<void> | void
  session: string
  /** the header: spans, errors */
  header: { spans: number; errors: number }
  status: { ok: number; error: number; unset: number }
  agent: { id: string; spans: number } | null
  since: { at: number; spans: number }
  text: { value: string; spans: number }
}

const CASES: Record<string, Case> = {
  'claude-flow': {
    write: writeClaudeFlowSample,
    session: CLAUDE_FLOW_SAMPLE.sessionId,
    header: { spans: 7, errors: 3 },
    status: { ok: 2, error: 3, unset: 2 },
    agent: { id: 'coder', spans: 2 },
    since: { at: SAMPLE_T0 + 2_500, spans: 4 },
    text: { value: 'task_fail', spans: 1 },
  },
  // the failing job run: its run span (error) and three stages, the last one failing; one error row
  'ddeutil-workflow': {
    write: (f) => void writeDdeutilDb(f),
    session: 'job-run-2a',
    header: { spans: 4, errors: 1 },
    status: { ok: 2, error: 2, unset: 0 },
    agent: null,
    // the run span starts 500 ms into the hour, the first stage at least 700 ms in
    since: { at: DEFAULT_BASE_TIME + 3_600_600, spans: 3 },
    text: { value: 'stage-2', spans: 1 },
  },
  // four agents (agent-3 still running, agent-4 crashed) and their tasks (task-4 timed out)
  'moai-swarmdb': {
    write: (f) => void writeMoaiDb(f),
    session: MOAI_AGENT_SESSION,
    header: { spans: 8, errors: 2 },
    status: { ok: 5, error: 2, unset: 1 },
    agent: { id: 'agent-1', spans: 2 },
    // agents spawn 10 s apart: agent-3 and agent-4 and their tasks start after 15 s
    since: { at: DEFAULT_BASE_TIME + 15_000, spans: 4 },
    text: { value: 'task-1', spans: 1 },
  },
  // the failing run: a root and six steps, the last one failed
  flujo: {
    write: (f) => void writeFlujoDb(f),
    session: 'run_00000001',
    header: { spans: 7, errors: 1 },
    status: { ok: 6, error: 1, unset: 0 },
    agent: null,
    // spans start 300 ms apart: steps 4–6 start from 1.2 s
    since: { at: DEFAULT_BASE_TIME + 1_000, spans: 3 },
    text: { value: 'step_', spans: 6 },
  },
  // ten traces 1 s apart, the last an error
  'session-store': {
    write: (f) => void writeSessionStoreDb(f),
    session: 'uid-001',
    header: { spans: 10, errors: 1 },
    status: { ok: 9, error: 1, unset: 0 },
    agent: null,
    since: { at: DEFAULT_BASE_TIME + 5_000, spans: 5 },
    text: { value: 'llm_call', spans: 3 },
  },
  // twelve spans 100 ms apart: #5 failed, #0/#4/#8 unset, odd ones (but #11) by coder
  native: {
    write: async (f) => {
      const store = await storeWith(f, richRecords())
      await store.flush() // the full-text index catches up (a read-only CLI cannot)
      await store.close()
    },
    session: 'run-beta',
    header: { spans: 12, errors: 2 },
    status: { ok: 8, error: 1, unset: 3 },
    agent: { id: 'coder', spans: 5 },
    since: { at: T0 + 60_000 + 600, spans: 6 },
    text: { value: 'llm.chat', spans: 4 },
  },
}

const { dir, cleanup } = tempDir('ts-cli-matrix-')
const env = { TRACESCOPE_HOME: path.join(dir, 'home') }
const files: Record<string, string> = {}

beforeAll(async () => {
  for (const [kind, c] of Object.entries(CASES)) {
    files[kind] = path.join(dir, `${kind}.db`)
    await c.write(files[kind])
  }
})
afterAll(() => cleanup())

const spans = (kind: string, session: string, ...args: string[]) =>
  tracescopeJson<Span[]>(
    ['spans', '--session', session, '--db', files[kind], '--limit', '5000', ...args],
    env,
  )

describe.each(Object.keys(CASES))('%s: every span filter agrees with the header', (kind) => {
  it('--status ok/error/unset, --agent, --since, --text', async () => {
    const c = CASES[kind]
    const [sessions, all, ok, error, unset, byAgent, since, text] = await Promise.all([
      tracescopeJson<Session[]>(['sessions', '--session', c.session, '--db', files[kind]], env),
      spans(kind, c.session),
      spans(kind, c.session, '--status', 'ok'),
      spans(kind, c.session, '--status', 'error'),
      spans(kind, c.session, '--status', 'unset'),
      c.agent ? spans(kind, c.session, '--agent', c.agent.id) : Promise.resolve([]),
      spans(kind, c.session, '--since', new Date(c.since.at).toISOString()),
      spans(kind, c.session, '--text', c.text.value),
    ])
    const header = sessions[0]
    const got = {
      header: { spans: header.spanCount, errors: header.errorCount },
      status: { ok: ok.length, error: error.length, unset: unset.length },
      agent: c.agent ? { id: c.agent.id, spans: byAgent.length } : null,
      since: { at: c.since.at, spans: since.length },
      text: { value: c.text.value, spans: text.length },
    }
    expect(got).toEqual({
      header: c.header,
      status: c.status,
      agent: c.agent,
      since: c.since,
      text: c.text,
    })
    // each filter returns only what it names
    expect(ok.every((s) => s.status === 'ok')).toBe(true)
    expect(error.every((s) => s.status === 'error')).toBe(true)
    expect(unset.every((s) => s.status === 'unset')).toBe(true)
    if (c.agent) expect(byAgent.every((s) => s.agentId === c.agent!.id)).toBe(true)
    expect(since.every((s) => s.startTime >= c.since.at)).toBe(true)
    // the statuses partition the session's spans, as many as its header counts
    expect(ok.length + error.length + unset.length).toBe(all.length)
    expect(all.length).toBe(header.spanCount)
    // a header with errors has failed spans to show for them, and none without
    expect(error.length > 0).toBe(header.errorCount > 0)
  }, 180_000)
})
