// The settings form's arithmetic: the collector's address, and the patch of what changed
// (or a sentence saying which field is wrong). Main validates again; this catches typos early.
import type { Settings, SettingsPatch } from '../../shared/contract/schemas'

export interface SettingsDraft {
  enabled: boolean
  port: string
  /** "" keeps sessions forever */
  retention: string
  theme: Settings['theme']
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
  const patch: SettingsPatch = {}
  if (draft.enabled !== saved.collector.enabled || port !== saved.collector.port)
    patch.collector = { enabled: draft.enabled, port }
  if (retention !== saved.retentionDays) patch.retentionDays = retention
  if (draft.theme !== saved.theme) patch.theme = draft.theme
  return patch
}
