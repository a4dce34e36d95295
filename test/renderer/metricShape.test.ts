import { describe, expect, it } from 'vitest'
import { metricShape, valueDomain } from '../../src/renderer/lib/metricShape'
import type { MetricSample } from '../../src/shared/domain'

const samples = (
  name: string,
  n: number,
  attributes?: MetricSample['attributes'],
): MetricSample[] =>
  Array.from({ length: n }, (_, i) => ({
    sessionId: 's',
    agentId: null,
    time: i,
    name,
    value: i,
    attributes,
  }))

describe('metricShape', () => {
  it('one sample is a value', () => {
    expect(metricShape('process.memory.rss', samples('process.memory.rss', 1))).toBe('single')
  })

  it('per-request measurements are events', () => {
    for (const name of [
      'gen_ai.usage.input_tokens',
      'gen_ai.client.token.usage',
      'gen_ai.client.operation.duration',
      'http.request.count',
    ])
      expect(metricShape(name, samples(name, 3)), name).toBe('events')
    expect(metricShape('custom', samples('custom', 3, { spans: 2 }))).toBe('events')
  })

  it('gauges and running totals are series', () => {
    for (const name of ['cpu.percent', 'tokens.total', 'process.memory.rss', 'queue.depth'])
      expect(metricShape(name, samples(name, 3)), name).toBe('series')
  })

  it('puts zero on the axis of bars, and gives a flat series some height', () => {
    expect(valueDomain('events', 300, 500)).toEqual([0, 500])
    expect(valueDomain('series', 300, 500)).toEqual([300, 500])
    expect(valueDomain('series', 4, 4)).toEqual([4, 5])
  })
})
