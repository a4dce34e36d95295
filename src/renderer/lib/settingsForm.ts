// The settings form's arithmetic: the collector's address, and the patch of what changed
// (or a sentence saying which field is wrong). Main validates again; this catches typos early.
import type { Settings, SettingsPatch } from '../../shared/contract/schemas'
import type { ForwardTarget } from '../../shared/forwardTargets'
import { parseForwardHeader, parseForwardUrl } from '../../shared/forwardTargets'

export interface SettingsDraft {
  enabled: boolean
  port: string
  /** "" keeps sessions forever */
  retention: string
  theme: Settings['theme']
  /** forward endpoints, one URL per line */
  forward: string
  /** headers sent to every forward endpoint, one name=value per line */
  forwardHeaders: string
}

/** where OTLP/HTTP exporters send spans; the collector listens on loopback only */
export function collectorUrl(port: number): string {
  return `http://127.0.0.1:${port}/v1/traces`
}

export function draftOf(s: Settings): SettingsDraft {
  return {
    enabled: s.collector.enabled,
    port: String(s.collector.port),
    retention: s.retentionDays === null ? '' : String(s.retentionDays),
    theme: s.theme,
    forward: s.collector.forward.map((t) => t.url).join('\n'),
    // the form edits one header set for all endpoints, as the CLI's --forward-header does
    forwardHeaders: Object.entries(s.collector.forward[0]?.headers ?? {})
      .map(([k, v]) => `${k}=${v}`)
      .join('\n'),
  }
}

function lines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
}

/** the draft's forward endpoints, or why they cannot be saved */
export function forwardTargetsOf(draft: SettingsDraft): ForwardTarget[] | string {
  try {
    const headers = Object.fromEntries(
      lines(draft.forwardHeaders).map((h) => parseForwardHeader(h, 'Header')),
    )
    const urls = lines(draft.forward).map((u) => parseForwardUrl(u, 'Forward to'))
    if (urls.length > 4) return 'Forward to at most 4 endpoints.'
    if (new Set(urls).size !== urls.length) return 'An endpoint is listed twice.'
    return urls.map((url) => ({ url, headers }))
  } catch (e) {
    return (e as Error).message
  }
}

/** the fields that differ from what is saved, or why the draft cannot be saved */
export function settingsPatch(saved: Settings, draft: SettingsDraft): SettingsPatch | string {
  const port = Number(draft.port.trim() || NaN)
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    return 'The port must be a whole number from 1 to 65535.'
  const retention = draft.retention.trim() === '' ? null : Number(draft.retention)
  if (retention !== null && (!Number.isInteger(retention) || retention < 1 || retention > 36500))
    return 'Keep sessions for a whole number of days from 1 to 36500, or leave it empty.'
  const forward = forwardTargetsOf(draft)
  if (typeof forward === 'string') return forward
  const patch: SettingsPatch = {}
  if (draft.enabled !== saved.collector.enabled || port !== saved.collector.port)
    patch.collector = { enabled: draft.enabled, port }
  if (JSON.stringify(forward) !== JSON.stringify(saved.collector.forward))
    patch.collector = { enabled: draft.enabled, port, forward }
  if (retention !== saved.retentionDays) patch.retentionDays = retention
  if (draft.theme !== saved.theme) patch.theme = draft.theme
  return patch
}
