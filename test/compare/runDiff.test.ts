import { describe, expect, it } from 'vitest'
import { diffRuns, rankByImpact } from '../../src/shared/compare/runDiff'
import { messageDiff } from '../../src/shared/compare/messageDiff'
import { span } from './spanBuilder'

const llm = (tokensIn: number, tokensOut: number, prompt: string, answer: string) => ({
  agentId: 'coder',
  attributes: {
    'gen_ai.request.model': 'gpt-4o-mini',
    'gen_ai.usage.input_tokens': tokensIn,
    'gen_ai.usage.output_tokens': tokensOut,
    'gen_ai.input.messages': JSON.stringify([
      { role: 'user', parts: [{ type: 'text', content: prompt }] },
    ]),
    'gen_ai.output.messages': JSON.stringify([
      { role: 'assistant', parts: [{ type: 'text', content: answer }] },
    ]),
  },
})

const runA = [
  span('run', 'a1', null, 0, 1000),
  span('llm.chat', 'a2', 'a1', 10, 400, llm(1000, 100, 'Find the bug.\nIn parser.ts', 'Line 4.')),
  span('tool.search', 'a3', 'a1', 500, 100, { attributes: { q: 'x', page: 1, old: true } }),
  span('tool.search', 'a4', 'a1', 700, 50),
  span('cleanup', 'a5', 'a1', 900, 10),
]
const runB = [
  span('run', 'b1', null, 5000, 1500),
  span('llm.chat', 'b2', 'b1', 5010, 900, llm(1000, 300, 'Find the bug.\nIn lexer.ts', 'Line 4.')),
  span('tool.search', 'b3', 'b1', 5950, 100, { attributes: { q: 'y', page: 1, extra: 'e' } }),
  span('tool.search', 'b4', 'b1', 6100, 52, { status: 'error', statusMessage: 'timeout' }),
  span('publish', 'b6', 'b1', 6400, 30),
]

describe('diffRuns', () => {
  const d = diffRuns({ spans: runA }, { spans: runB })
  const byPath = new Map(d.steps.map((s) => [s.path, s]))

  it('sums both runs: duration, tokens, cost, errors, span count, with deltas', () => {
    expect(d.summary.durationMs).toEqual({ a: 1000, b: 1500, delta: 500 })
    expect(d.summary.tokens).toEqual({ a: 1100, b: 1300, delta: 200 })
    expect(d.summary.errors).toEqual({ a: 0, b: 1, delta: 1 })
    expect(d.summary.spans).toEqual({ a: 5, b: 5, delta: 0 })
    // gpt-4o-mini is priced: B's extra 200 output tokens cost more
    expect(d.summary.costUsd.delta).toBeGreaterThan(0)
    expect(d.summary.steps).toEqual({ changed: 4, added: 1, removed: 1, same: 0 })
  })

  it('reports per step the durations, delta, status change, tokens and attribute keys', () => {
    const chat = byPath.get('run › coder: llm.chat')!
    expect(chat).toMatchObject({
      change: 'changed',
      a: { spanId: 'a2', durationMs: 400, tokens: 1100, status: 'ok' },
      b: { spanId: 'b2', durationMs: 900, tokens: 1300, status: 'ok' },
      durationDeltaMs: 500,
      timing: 'slower',
      tokensDelta: 200,
      messagesChanged: true,
    })
    const search = byPath.get('run › tool.search')!
    expect(search.durationDeltaMs).toBe(0)
    expect(search.timing).toBeNull()
    expect(search.attributes).toEqual({ added: ['extra'], removed: ['old'], changed: ['q'] })
    const second = byPath.get('run › tool.search #2')!
    // 2 ms on 52 ms is under the 10 % threshold: not slower, but the status changed
    expect(second).toMatchObject({ statusChanged: true, timing: null, change: 'changed' })
    expect(second.b).toMatchObject({ status: 'error', statusMessage: 'timeout' })
    expect(byPath.get('run › cleanup')).toMatchObject({
      change: 'removed',
      b: null,
      durationDeltaMs: null,
    })
    expect(byPath.get('run › publish')).toMatchObject({ change: 'added', a: null })
  })

  it('ranks the step that started failing first, then by time difference', () => {
    expect(rankByImpact(d.steps).map((s) => s.path)).toEqual([
      'run › tool.search #2',
      'run',
      'run › coder: llm.chat',
      'run › publish',
      'run › cleanup',
      'run › tool.search',
    ])
  })

  it('calls identical runs the same', () => {
    const same = diffRuns(
      { spans: runA },
      {
        spans: runA.map((s) => ({
          ...s,
          spanId: `x${s.spanId}`,
          parentSpanId: s.parentSpanId && `x${s.parentSpanId}`,
        })),
      },
    )
    expect(same.summary.steps).toEqual({ changed: 0, added: 0, removed: 0, same: 5 })
    expect(rankByImpact(same.steps)).toEqual([])
  })
})

describe('messageDiff', () => {
  it('diffs prompts and completions line by line', () => {
    const parts = messageDiff(runA[1], runB[1])!
    expect(parts.filter((p) => p.op !== 'same')).toEqual([
      { op: 'removed', text: 'In parser.ts\n' },
      { op: 'added', text: 'In lexer.ts\n' },
    ])
    expect(parts.map((p) => p.text).join('')).toContain('Find the bug.')
  })

  it('is null when neither span carries messages', () => {
    expect(messageDiff(runA[2], runB[2])).toBeNull()
  })
})
