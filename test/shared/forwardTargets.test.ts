import { describe, expect, it } from 'vitest'
import {
  forwardUrlProblem,
  parseForwardHeader,
  parseForwardUrl,
} from '../../src/shared/forwardTargets'
import { endpointUrl } from '../../src/main/forward/postOtlp'
import { forwardQueueFileFor } from '../../src/main/forward/forwarder'

describe('forwardTargets', () => {
  it('accepts http(s) endpoints with or without the signal path', () => {
    expect(parseForwardUrl('http://collector:4318/')).toBe('http://collector:4318')
    expect(endpointUrl(parseForwardUrl('https://otel.example/otlp'), '/v1/logs')).toBe(
      'https://otel.example/otlp/v1/logs',
    )
    expect(endpointUrl('http://c:4318/v1/traces', '/v1/logs')).toBe('http://c:4318/v1/logs')
  })

  it('names what is wrong with a bad endpoint or header', () => {
    expect(() => parseForwardUrl('collector:4318')).toThrow(/only http:\/\/ and https:\/\//)
    expect(() => parseForwardUrl('not a url')).toThrow(/"not a url" is not a URL/)
    expect(() => parseForwardUrl('http://u:p@c:4318')).toThrow(/credentials in a header/)
    expect(() => parseForwardHeader('authorization')).toThrow(/expected name=value/)
    expect(() => parseForwardHeader('bad name=x')).toThrow(/"bad name" is not a valid header name/)
    expect(() => parseForwardHeader('x-a=1\r\nx-b: 2')).toThrow(/control character/)
    expect(() => parseForwardHeader('Content-Type=text/plain')).toThrow(/set by Tracescope/)
    expect(parseForwardHeader('Authorization=Bearer a=b')).toEqual(['authorization', 'Bearer a=b'])
    expect(forwardUrlProblem('ftp://x')).toBe(
      'endpoint ftp://x: only http:// and https:// OTLP/HTTP endpoints are supported',
    )
    expect(forwardUrlProblem('http://x:4318')).toBeNull()
  })

  it('keeps the queue beside the store', () => {
    expect(forwardQueueFileFor('/data/traces.db')).toBe('/data/traces.db.forward-queue.db')
  })
})
