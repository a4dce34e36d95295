// Runtime schemas of every query input. Strict objects: an unknown key is an error that names
// it, so a typo in the renderer fails loudly instead of being silently ignored.
import { z } from 'zod'
import { MAX_FILTER_LENGTH, parseFilter } from '../filter'
import { MAX_PAGE } from '../queries'
import { forwardUrlProblem, parseForwardHeader } from '../forwardTargets'
import { LEVEL_TONES, type LevelTone } from '../levelTone'
import type {
  AgentQuery,
  ErrorQuery,
  EventQuery,
  MemoryQuery,
  MessageQuery,
  MetricQuery,
  SearchQuery,
  SessionQuery,
  SpanQuery,
  TaskQuery,
} from '../queries'

/** Bounds on strings keep one request from asking main to hold megabytes. */
const shortText = z.string().max(1000)
const id = z.string().min(1).max(512)
const millis = z.number().finite()

/** A filter expression: refused here, with its column and what was expected, when it does not parse. */
export const filterText = z
  .string()
  .max(MAX_FILTER_LENGTH)
  .superRefine((text, ctx) => {
    const r = parseFilter(text)
    if (!r.ok) ctx.addIssue({ code: 'custom', message: r.error.message })
  })

export const sourceIdSchema = z.string().min(1).max(64)

const page = {
  limit: z.number().int().min(1).max(MAX_PAGE).optional(),
  cursor: z.string().max(4096).nullable().optional(),
}
const timeRange = { since: millis.optional(), until: millis.optional() }

export const spanStatusSchema = z.enum(['unset', 'ok', 'error'])
export const sessionStatusSchema = z.enum(['running', 'completed', 'failed', 'unknown'])
const order = z.enum(['asc', 'desc']).optional()

export const sessionQuerySchema = z.strictObject({
  ...page,
  ...timeRange,
  text: shortText.optional(),
  status: sessionStatusSchema.optional(),
  sort: z.enum(['lastActivity', 'startTime', 'duration', 'spans', 'errors', 'name']).optional(),
  order,
})

export const spanQuerySchema = z.strictObject({
  ...page,
  ...timeRange,
  sessionId: id.optional(),
  agentIds: z.array(id).max(1000).optional(),
  status: spanStatusSchema.optional(),
  name: shortText.optional(),
  text: shortText.optional(),
  where: filterText.optional(),
  order,
})

export const errorQuerySchema = z.strictObject({
  ...page,
  ...timeRange,
  sessionId: id.optional(),
  resolved: z.boolean().optional(),
})

export const eventQuerySchema = z.strictObject({
  ...page,
  ...timeRange,
  sessionId: id.optional(),
  spanId: id.optional(),
  agentId: id.optional(),
  level: z.string().max(64).optional(),
  levelTone: z.enum(LEVEL_TONES as [LevelTone, ...LevelTone[]]).optional(),
  /** a line whose name or message contains it, case-insensitive */
  text: shortText.optional(),
  oldestFirst: z.boolean().optional(),
})

export const messageQuerySchema = z.strictObject({
  ...page,
  ...timeRange,
  sessionId: id.optional(),
  agentId: id.optional(),
})

export const agentQuerySchema = z.strictObject({ ...page, sessionId: id.optional() })

export const taskQuerySchema = z.strictObject({
  ...page,
  sessionId: id.optional(),
  agentId: id.optional(),
})

export const memoryQuerySchema = z.strictObject({
  ...page,
  sessionId: id.optional(),
  key: shortText.optional(),
  namespace: shortText.optional(),
})

export const metricQuerySchema = z.strictObject({
  ...page,
  ...timeRange,
  sessionId: id.optional(),
  agentId: id.optional(),
  name: shortText.optional(),
})

export const searchQuerySchema = z.strictObject({
  ...page,
  text: z.string().min(1).max(1000),
  sessionId: id.optional(),
})

/** What an export selects; the same filter the viewer shows. */
export const exportFilterSchema = z.strictObject({
  sessionIds: z.array(id).max(10_000).optional(),
  ...timeRange,
  agentIds: z.array(id).max(1000).optional(),
  status: spanStatusSchema.optional(),
  name: shortText.optional(),
  text: shortText.optional(),
  where: filterText.optional(),
})
export type ExportFilter = z.infer<typeof exportFilterSchema>

export const exportFormatSchema = z.enum(['json', 'ndjson', 'otlp', 'chrome'])
export type ExportFormat = z.infer<typeof exportFormatSchema>

/** an OTLP/HTTP endpoint the collector forwards to, checked by the same rule as the CLI's */
export const forwardTargetSchema = z.strictObject({
  url: z
    .string()
    .max(2048)
    .superRefine((url, ctx) => {
      const problem = forwardUrlProblem(url)
      if (problem) ctx.addIssue({ code: 'custom', message: problem })
    }),
  headers: z.record(z.string().max(256), z.string().max(4096)).superRefine((headers, ctx) => {
    const names = Object.keys(headers)
    if (names.length > 20) ctx.addIssue({ code: 'custom', message: 'at most 20 headers' })
    for (const name of names) {
      try {
        parseForwardHeader(`${name}=${headers[name]}`, 'header')
      } catch (e) {
        ctx.addIssue({ code: 'custom', message: (e as Error).message, path: [name] })
      }
    }
  }),
})

const forwardTargets = z.array(forwardTargetSchema).max(4)

export const settingsSchema = z.strictObject({
  collector: z.strictObject({
    /** the OTLP/HTTP receiver on 127.0.0.1 */
    enabled: z.boolean(),
    port: z.number().int().min(1).max(65535),
    /** endpoints every stored request is forwarded to (settings saved before this have none) */
    forward: forwardTargets.default([]),
  }),
  theme: z.enum(['system', 'light', 'dark']),
  /** days of history the app's own store keeps; null = forever */
  retentionDays: z.number().int().min(1).max(36500).nullable(),
})
export type Settings = z.infer<typeof settingsSchema>

export const settingsPatchSchema = z.strictObject({
  // spelled out, not .partial(): a patch without `forward` must not default it to [] and wipe it
  collector: z
    .strictObject({
      enabled: z.boolean().optional(),
      port: settingsSchema.shape.collector.shape.port.optional(),
      forward: forwardTargets.optional(),
    })
    .optional(),
  theme: settingsSchema.shape.theme.optional(),
  retentionDays: settingsSchema.shape.retentionDays.optional(),
})
export type SettingsPatch = z.infer<typeof settingsPatchSchema>

export const DEFAULT_SETTINGS: Settings = {
  collector: { enabled: false, port: 4318, forward: [] },
  theme: 'system',
  retentionDays: null,
}

/** the desktop app's first start: the collector is on, so a swarm's OTLP exporter just works */
export const DESKTOP_DEFAULT_SETTINGS: Settings = {
  ...DEFAULT_SETTINGS,
  collector: { ...DEFAULT_SETTINGS.collector, enabled: true },
}

// Compile-time proof that each schema accepts exactly what the query types describe: if
// src/shared/queries.ts gains a field, these lines stop compiling until the schema follows.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
type Assert<T extends true> = T
export type _SchemasMatchQueries = [
  Assert<Same<z.infer<typeof sessionQuerySchema>, SessionQuery>>,
  Assert<Same<z.infer<typeof spanQuerySchema>, SpanQuery>>,
  Assert<Same<z.infer<typeof errorQuerySchema>, ErrorQuery>>,
  Assert<Same<z.infer<typeof eventQuerySchema>, EventQuery>>,
  Assert<Same<z.infer<typeof messageQuerySchema>, MessageQuery>>,
  Assert<Same<z.infer<typeof agentQuerySchema>, AgentQuery>>,
  Assert<Same<z.infer<typeof taskQuerySchema>, TaskQuery>>,
  Assert<Same<z.infer<typeof memoryQuerySchema>, MemoryQuery>>,
  Assert<Same<z.infer<typeof metricQuerySchema>, MetricQuery>>,
  Assert<Same<z.infer<typeof searchQuerySchema>, SearchQuery>>,
]
