// What a user sees of LLM calls and their tokens on a file of each tool Tracescope reads, in
// Chromium against `tracescope serve`:
//  - messages as text with their line breaks and tool calls with their arguments, from the
//    JSON field each tool keeps for its own data (Claude-Flow trace data, its events-table data,
//    the session-keyed trace store's data, MoAI SwarmDB's registry metadata: llmCallRows.ts);
//  - tokens: flujo (its steps' token_counts) and MoAI SwarmDB (its tasks' tokens_used) record
//    them without an input/output split or a model, so no price table prices them, never by a
//    guess: MoAI's show as unpriced; flujo's at the cost flujo recorded for each step (its
//    cost_usd), in the sessions list, the Σ of parent spans, the cost by model and the
//    Conversation tab; the others record none, and show no figure.
// The GenAI conventions on a Tracescope store: conversation.test.ts, usageRollup.test.ts.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { startServer, type RunningServer } from '../../src/main/server/startServer'
import {
  writeClaudeFlowDb,
  writeClaudeFlowEventsDb,
  writeDdeutilDb,
  writeMoaiDb,
  writeSessionStoreDb,
  type FixtureSummary,
} from '../fixtures/seedWriters'
import { FLUJO_SAMPLE, writeFlujoSample } from '../fixtures/realShapedSamples'
import { flujoRunTotals, runIdOf, writeFlujoTokenRuns } from '../fixtures/flujoTokenRuns'
import {
  addClaudeFlowCall,
  addClaudeFlowEventCall,
  addMoaiCall,
  addSessionStoreCall,
  CALL_SEEN,
  type AddedCall,
} from '../fixtures/llmCallRows'
import { chromiumMissingReason, launch, openPage, type WatchedPage } from './browser'

const missing = chromiumMissingReason()

describe.skipIf(missing)('tokens and cost on every supported format', { timeout: 120_000 }, () => {
  let dir: string
  let browser: Browser
  const servers: RunningServer[] = []
  const opened: WatchedPage[] = []

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracescope-usage-formats-'))
    browser = await launch()
  }, 120_000)
  afterAll(async () => {
    for (const w of opened) expect(w.problems, 'console errors').toEqual([])
    // pages first: a page whose server went away would log a refused reconnection
    for (const w of opened) await w.page.close()
    await browser?.close()
    for (const s of servers) await s.close()
    fs.rmSync(dir, { recursive: true, force: true })
  })

  async function serve(file: string): Promise<(hash: string) => Promise<Page>> {
    const server = await startServer({ dbPath: file, log: () => undefined })
    servers.push(server)
    return async (hash) => {
      const w = await openPage(browser, `${server.url}${hash}`, { height: 900 })
      opened.push(w)
      return w.page
    }
  }

  const text = (p: Page, selector: string) => p.locator(selector).first().innerText()

  it('flujo: step token_counts summed at flujo’s recorded cost, in the list, tree, Agents and Conversation', async () => {
    const file = path.join(dir, 'flujo_state.db')
    writeFlujoSample(file)
    const open = await serve(file)
    const run = FLUJO_SAMPLE.runId

    const list = await open('#/sessions')
    const row = list.locator(`[data-testid=session-row][data-session-id=${run}]`)
    await row.waitFor()
    // summarise 1,234 + review 566 tokens (with the thousands separator the rest of the viewer
    // uses); flujo names no model, but recorded what each step
    // cost ($0.0042 + $0.0018): that is the cost, and nothing is left unpriced
    expect(await row.locator('[data-testid=session-tokens]').innerText()).toBe('1,800')
    const cost = row.locator('[data-testid=session-cost]')
    expect(await cost.innerText()).toBe('$0.0060')
    expect(await cost.getAttribute('data-cost-source')).toBe('recorded')
    expect(await cost.getAttribute('title')).toBe('cost as recorded by the source for all 2 calls')

    const tree = await open(`#/session/${run}/tree/span/root`)
    await tree.waitForSelector('[data-testid=detail-subtree-usage]')
    // the run and the summarise step (review runs inside it) carry the Σ; leaves none
    expect(await tree.locator('[data-testid=tree-subtree-usage]').allInnerTexts()).toEqual([
      'Σ 1,800 tok · $0.0060',
      'Σ 1,800 tok · $0.0060',
    ])
    expect(await text(tree, '[data-testid=detail-subtree-usage]')).toBe(
      '2 calls · in 0 · out 0 · other 1,800 · $0.0060',
    )

    // flujo has no agent registry: the Agents tab says so and still gives the cost by model
    const agents = await open(`#/session/${run}/agents`)
    await agents.waitForSelector('[data-testid=cost-by-model] [data-testid=cost-row]')
    expect(await text(agents, '[data-testid=no-agents]')).toBe(
      'This source records no agent registry for this session.',
    )
    expect(
      await agents.locator('[data-testid=cost-by-model] [data-testid=cost-row] td').allInnerTexts(),
    ).toEqual(['(none)', '2', '—', '—', '1,800', '$0.0060', ''])

    const conv = await open(`#/session/${run}/conversation`)
    await conv.waitForSelector('[data-testid=transcript-entry]')
    expect(await conv.locator('[data-testid=transcript-usage]').allInnerTexts()).toEqual([
      'in 0 · out 0 · 1,234 tokens · $0.0042',
      'in 0 · out 0 · 566 tokens · $0.0018',
    ])
  })

  it('flujo: a run of 12,000 steps: the root’s Σ is every step’s, never “at least”', async () => {
    // more spans than one page of any read: the Σ of parent spans walks them all
    const file = path.join(dir, 'flujo_big.db')
    const opts = { runs: 1, steps: 12_000, recordedEvery: 4, chain: 200 }
    writeFlujoTokenRuns(file, opts)
    const want = flujoRunTotals(opts)
    const open = await serve(file)
    const run = runIdOf(0)
    const tree = await open(`#/session/${run}/tree/span/${run}-root`)
    // "…" while the run's spans are walked in the background, then the figure
    await tree.waitForFunction(
      () =>
        /calls/.test(
          document.querySelector('[data-testid=detail-subtree-usage]')?.textContent ?? '',
        ),
      undefined,
      { timeout: 60_000 },
    )
    const sum = await text(tree, '[data-testid=detail-subtree-usage]')
    // 3,000 steps at the $0.001 flujo recorded; the others' tokens unpriced
    const n = (x: number) => x.toLocaleString('en-US')
    expect(sum).toBe(
      `12000 calls · in 0 · out 0 · other ${n(want.tokens)} · $3.00 · ${n(want.unpricedTokens)} unpriced`,
    )
    expect(sum).not.toContain('at least')
  })

  it('MoAI SwarmDB: task tokens_used summed on each agent, unpriced', async () => {
    const file = path.join(dir, 'swarm.db')
    writeMoaiDb(file, { spansPerSession: 2 })
    const open = await serve(file)
    const tree = await open('#/session/swarmdb-agents/tree')
    await tree.waitForSelector('[data-testid=tree-subtree-usage]')
    // task-1 of agent-1: 1,200 tokens; task-2 of agent-2: 1,201
    expect(await tree.locator('[data-testid=tree-subtree-usage]').allInnerTexts()).toEqual([
      'Σ 1,200 tok · unpriced',
      'Σ 1,201 tok · unpriced',
    ])
  })

  const WITH_MESSAGES: Array<[string, (file: string) => AddedCall]> = [
    [
      'Claude-Flow',
      (f) => addClaudeFlowCall(f, writeClaudeFlowDb(f, { sessions: 1 }).sessionIds[0]),
    ],
    [
      'Claude-Flow (events)',
      (f) => addClaudeFlowEventCall(f, writeClaudeFlowEventsDb(f, { sessions: 1 }).sessionIds[0]),
    ],
    [
      'session-keyed trace store',
      (f) => addSessionStoreCall(f, writeSessionStoreDb(f, { sessions: 1 }).sessionIds[0]),
    ],
    ['MoAI SwarmDB', (f) => addMoaiCall(f, writeMoaiDb(f, { spansPerSession: 2 }).sessionIds[0])],
  ]
  for (const [format, write] of WITH_MESSAGES)
    it(`${format}: a call's messages with their line breaks, its tool call with arguments`, async () => {
      const file = path.join(dir, `msg-${format.replace(/\W+/g, '-')}.db`)
      const call = write(file)
      const open = await serve(file)
      const p = await open(
        `#/session/${encodeURIComponent(call.sessionId)}/timeline/span/${encodeURIComponent(call.spanId)}`,
      )
      const conv = p.locator('[data-testid=conversation]')
      await conv.waitFor()
      expect(
        await conv
          .locator('[data-testid=conv-message]')
          .evaluateAll((els) => els.map((e) => e.getAttribute('data-role'))),
      ).toEqual(['user', 'assistant', 'tool', 'assistant'])
      const msg = (role: string) => conv.locator(`[data-testid=conv-message][data-role=${role}] p`)
      expect(await msg('user').innerText()).toBe(CALL_SEEN.user)
      expect(await msg('assistant').last().innerText()).toBe(CALL_SEEN.answer)
      const toolCall = conv.locator('[data-testid=conv-tool-call]')
      expect(await toolCall.innerText()).toContain(CALL_SEEN.tool)
      expect(await toolCall.locator('pre').innerText()).toBe(CALL_SEEN.arguments)
    })

  const WITHOUT_TOKENS: Array<[string, (file: string) => FixtureSummary]> = [
    ['Claude-Flow', (f) => writeClaudeFlowDb(f, { sessions: 1 })],
    ['Claude-Flow (events)', (f) => writeClaudeFlowEventsDb(f, { sessions: 1 })],
    ['ddeutil-workflow', (f) => writeDdeutilDb(f, { sessions: 1 })],
    ['session-keyed trace store', (f) => writeSessionStoreDb(f, { sessions: 1 })],
  ]
  for (const [format, write] of WITHOUT_TOKENS)
    it(`${format}: no token counts recorded, so no figure is shown`, async () => {
      const file = path.join(dir, `${format.replace(/\W+/g, '-')}.db`)
      const [sessionId] = write(file).sessionIds
      const open = await serve(file)
      const list = await open('#/sessions')
      const row = list.locator(`[data-testid=session-row][data-session-id="${sessionId}"]`)
      await row.waitFor()
      expect(await row.locator('.cell.num.muted').allInnerTexts()).toEqual(['—', '—'])
      const head = await open(`#/session/${encodeURIComponent(sessionId)}/tree`)
      await head.waitForSelector('[data-testid=tree-row]')
      expect(await head.locator('[data-testid=tree-subtree-usage]').count()).toBe(0)
    })

  it('ddeutil-workflow: its log lines are no LLM calls', async () => {
    const file = path.join(dir, 'ddeutil-conv.db')
    const [sessionId] = writeDdeutilDb(file, { sessions: 1 }).sessionIds
    const open = await serve(file)
    const conv = await open(`#/session/${encodeURIComponent(sessionId)}/conversation`)
    await conv.getByText('No LLM or tool calls').waitFor()
  })
})
