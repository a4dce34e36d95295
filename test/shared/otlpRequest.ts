// OTLP/JSON trace requests for tests, written the way an OpenTelemetry SDK sends them.
export interface OtlpTestSpan {
  spanId: string
  parentSpanId?: string
  name: string
  start: number
  end: number
  attrs?: Record<string, string | number>
  /** 0 unset, 1 ok, 2 error */
  status?: 0 | 1 | 2
  message?: string
}

export const OTLP_TRACE = '5b8efff798038103d269b633813fc60c'

export function otlpRequest(spans: OtlpTestSpan[], service = 'agents-svc'): unknown {
  return {
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
        scopeSpans: [
          {
            scope: { name: 'test' },
            spans: spans.map((s) => ({
              traceId: OTLP_TRACE,
              spanId: s.spanId,
              ...(s.parentSpanId && { parentSpanId: s.parentSpanId }),
              name: s.name,
              kind: 1,
              startTimeUnixNano: `${s.start}000000`,
              endTimeUnixNano: `${s.end}000000`,
              attributes: Object.entries(s.attrs ?? {}).map(([key, v]) => ({
                key,
                value: typeof v === 'number' ? { intValue: v } : { stringValue: v },
              })),
              status: { code: s.status ?? 0, ...(s.message && { message: s.message }) },
            })),
          },
        ],
      },
    ],
  }
}
