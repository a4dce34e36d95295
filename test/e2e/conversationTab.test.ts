// The session's Conversation tab in real Chromium, with spans sent by the official
// OpenTelemetry JS SDK through the collector (genAiFixture.ts): every LLM call and tool call in
// time order with its agent, messages as text with their line breaks, a call's link to its
// span, the agent filter, the keyboard, and axe in the light and the dark theme.
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { startServer } from '../../src/main/server/startServer'
import { describeFindings, seriousViolations } from './axe'
import { openPage } from './browser'
import { chromiumMissing as missing, GENAI_SESSION, genAiViewer } from './genAiViewer'
import { writeMoaiDb } from '../fixtures/moaiFixture'
import { openSource } from '../../src/main/sources/openSource'
import { openStore } from '../../src/main/store/traceStore'

/** set to a folder to keep the screenshots (they are taken either way) */
const SHOTS = process.env.TRACESCOPE_CONVERSATION_SHOTS

describe.skipIf(missing)('Conversation tab of a session', { timeout: 120_000 }, () => {
  const v = genAiViewer('transcript')

  async function transcript(colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
    const p = await v.open(`#/session/${GENAI_SESSION}/conversation`, { colorScheme, height: 1000 })
    await p.waitForSelector('[data-testid=transcript-entry]')
    return p
  }

  const entries = (p: Page) =>
    p
      .locator('[data-testid=transcript-entry]')
      .evaluateAll((els) =>
        els.map((e) => [e.getAttribute('data-kind'), e.getAttribute('data-span-id')]),
      )

  it('lists every LLM call and tool call in time order, each with its agent', async () => {
    const p = await transcript()
    const shown = await entries(p)
    expect([...shown].sort()).toEqual(
      [
        ['llm', v.fx.spans.current],
        ['llm', v.fx.spans.legacy],
        ['llm', v.fx.spans.details],
        ['llm', v.fx.spans.unpriced],
        ['llm', v.fx.spans.big],
        ['tool', v.fx.spans.readFile],
        ['tool', v.fx.spans.runTests],
      ].sort(),
    )
    const times = await p
      .locator('[data-testid=transcript-entry]')
      .evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-time'))))
    expect(times).toEqual([...times].sort((a, b) => a - b))
    const agents = await p.locator('[data-testid=transcript-agent]').allInnerTexts()
    const tester = shown.findIndex(([, id]) => id === v.fx.spans.runTests)
    expect(agents[tester]).toMatch(/tester/)
    expect(agents.filter((a) => /reviewer/.test(a))).toHaveLength(6)
    // 54,100 input and 560 output tokens; $0.114 priced, 600 tokens of local-llama-3 unpriced
    expect(await p.locator('[data-testid=transcript-summary]').innerText()).toBe(
      '5 LLM calls · 2 tool calls · 54,100 in · 560 out · $0.114 + 600 unpriced',
    )
  })

  it('shows messages as text with their line breaks, tool calls with their arguments', async () => {
    const p = await transcript()
    const first = p.locator(`[data-testid=transcript-entry][data-span-id="${v.fx.spans.current}"]`)
    const user = first.locator('[data-testid=conv-message][data-role=user]')
    const text = await user.innerText()
    expect(text).toContain('Review this diff — keep "quotes" as typed.\nSecond line right below.')
    // HTML from the trace stays text
    expect(text).toContain('<img src=x onerror=')
    expect(await p.title()).not.toBe('pwned')
    expect(await first.locator('[data-testid=conv-tool-call]').innerText()).toContain('"src/a.ts"')
    expect(await first.locator('[data-testid=transcript-usage]').innerText()).toMatch(
      /^in 1,200 · out 300 · \$0\.0060$/,
    )
    const tool = p.locator(`[data-testid=transcript-entry][data-span-id="${v.fx.spans.readFile}"]`)
    expect(await tool.locator('[data-testid=transcript-tool]').innerText()).toContain(
      '{"path":"src/a.ts","lines":[1,20]}',
    )
    const unpriced = p.locator(
      `[data-testid=transcript-entry][data-span-id="${v.fx.spans.unpriced}"]`,
    )
    expect(await unpriced.locator('[data-testid=transcript-usage]').innerText()).toContain(
      'unpriced',
    )
  })

  it('opens a call’s span from the keyboard, and filters by agent', async () => {
    const p = await transcript()
    const link = p
      .locator(`[data-testid=transcript-entry][data-span-id="${v.fx.spans.legacy}"]`)
      .locator('[data-testid=transcript-open-span]')
    await link.focus()
    await p.keyboard.press('Enter')
    await p.waitForFunction(
      (id) => document.querySelector('[data-testid=detail-span-id]')?.textContent?.includes(id),
      v.fx.spans.legacy,
    )
    expect(await link.getAttribute('aria-pressed')).toBe('true')
    await p.waitForFunction((id) => location.hash.includes(`/span/${id}`), v.fx.spans.legacy)

    await p.locator('[data-testid=transcript-agent-filter]').focus()
    await p.keyboard.press('End') // the last option: tester
    await p.waitForFunction(
      () => document.querySelectorAll('[data-testid=transcript-entry]').length === 1,
    )
    expect(await entries(p)).toEqual([['tool', v.fx.spans.runTests]])
    expect(await p.locator('[data-testid=transcript-summary]').innerText()).toMatch(
      /^0 LLM calls · 1 tool call/,
    )
  })

  it.each(['light', 'dark'] as const)(
    'has no serious axe violation in the %s theme',
    async (theme) => {
      const p = await transcript(theme)
      const findings = await seriousViolations(p)
      expect(findings, describeFindings(findings)).toEqual([])
      const shots = SHOTS ?? v.dir
      fs.mkdirSync(shots, { recursive: true })
      await p.screenshot({ path: path.join(shots, `conversation-tab-${theme}.png`) })
    },
  )

  it('reads a MoAI SwarmDB file: its tasks with token counts as calls, unpriced', async () => {
    const moai = writeMoaiDb(path.join(v.dir, 'swarm.db'))
    const foreign = await startServer({ dbPath: moai.path, log: () => undefined })
    try {
      const src = openSource(moai.path, { overlay: false })
      let sessionId: string
      try {
        sessionId = src.queries.listSessions({}).items.find((x) => x.usage)!.id
      } finally {
        src.close()
      }
      const w = await openPage(
        v.browser,
        `${foreign.url}#/session/${encodeURIComponent(sessionId)}/conversation`,
      )
      await w.page.waitForSelector('[data-testid=transcript-entry][data-kind=llm]')
      const usage = await w.page.locator('[data-testid=transcript-usage]').allInnerTexts()
      expect(usage.length).toBeGreaterThan(0)
      // MoAI SwarmDB records tokens without an input/output split or a model: never priced
      for (const u of usage) expect(u).toMatch(/^in 0 · out 0 · [\d,]+ tokens · unpriced$/)
      expect(w.problems).toEqual([])
      // closed before its server, which would otherwise be a refused reconnection
      await w.page.close()
    } finally {
      await foreign.close()
    }
  })

  // the store below opens, writes and closes between two ticks of the served file's poller
  it('shows a call written while the tab is open', async () => {
    const p = await transcript()
    const before = await p.locator('[data-testid=transcript-entry]').count()
    const store = openStore(v.fx.db)
    try {
      await store.write({
        kind: 'span',
        sessionId: GENAI_SESSION,
        spanId: 'feedfeedfeedfeed',
        name: 'chat late',
        agentId: 'late-agent',
        startTime: Date.now(),
        endTime: Date.now() + 5,
        attributes: {
          'gen_ai.request.model': 'gpt-4o',
          'gen_ai.usage.input_tokens': 10,
          'gen_ai.usage.output_tokens': 2,
          'gen_ai.input.messages': JSON.stringify([
            { role: 'user', parts: [{ type: 'text', content: 'one more thing' }] },
          ]),
        },
      })
    } finally {
      await store.close()
    }
    await p.waitForSelector('[data-testid=transcript-entry][data-span-id=feedfeedfeedfeed]')
    expect(await p.locator('[data-testid=transcript-entry]').count()).toBe(before + 1)
    expect(
      await p.locator('[data-testid=transcript-entry][data-span-id=feedfeedfeedfeed]').innerText(),
    ).toContain('one more thing')
  })
})
