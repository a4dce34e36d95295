// Settings → forwarding: the team's OTLP/HTTP endpoints the in-app collector also sends every
// stored request to, the headers sent with them, and what each endpoint has taken so far —
// including what had to be dropped or was refused, which is never hidden.
import { useEffect, useState } from 'react'
import type { CollectorStatusResult } from '../../shared/contract/invoke'
import { api } from '../state/apiRef'
import type { SettingsDraft } from '../lib/settingsForm'

export function ForwardSettings({
  draft,
  edit,
  disabled,
}: {
  draft: SettingsDraft
  edit(change: Partial<SettingsDraft>): void
  disabled: boolean
}) {
  return (
    <fieldset>
      <legend>Forward to a team endpoint</legend>
      <label htmlFor="settings-forward">OTLP/HTTP endpoints, one per line</label>
      <textarea
        id="settings-forward"
        rows={2}
        spellCheck={false}
        placeholder="https://otel.team.example:4318"
        value={draft.forward}
        disabled={disabled}
        onChange={(e) => edit({ forward: e.target.value })}
        data-testid="settings-forward"
      />
      <label htmlFor="settings-forward-headers">Headers, one name=value per line</label>
      <textarea
        id="settings-forward-headers"
        rows={2}
        spellCheck={false}
        placeholder="authorization=Bearer …"
        value={draft.forwardHeaders}
        disabled={disabled}
        onChange={(e) => edit({ forwardHeaders: e.target.value })}
        data-testid="settings-forward-headers"
      />
      <p className="muted hint">
        Every request the collector stores is also sent there as it came in. While an endpoint is
        down, requests wait in a queue on disk beside the app&apos;s store (256 MiB each).
      </p>
      <ForwardStatus />
    </fieldset>
  )
}

/** each endpoint's counters, refreshed every two seconds while the dialog is open */
function ForwardStatus() {
  const [status, setStatus] = useState<CollectorStatusResult | null>(null)
  useEffect(() => {
    let stale = false
    const read = (): void => {
      api()
        .invoke('collector.status', {})
        .then((s) => !stale && setStatus(s))
        .catch(() => undefined)
    }
    read()
    const t = setInterval(read, 2000)
    return () => {
      stale = true
      clearInterval(t)
    }
  }, [])
  if (!status?.forward.length) return null
  return (
    <ul className="forward-status" data-testid="forward-status" aria-live="polite">
      {status.forward.map((f) => (
        <li key={f.endpoint} data-endpoint={f.endpoint}>
          <code>{f.endpoint}</code>: {f.forwarded.toLocaleString('en')} sent,{' '}
          {f.queued.toLocaleString('en')} waiting
          {f.dropped > 0 && (
            <strong className="status-error">
              , {f.dropped.toLocaleString('en')} dropped (queue full)
            </strong>
          )}
          {f.rejected > 0 && (
            <strong className="status-error">, {f.rejected.toLocaleString('en')} refused</strong>
          )}
          {f.lastError && <span className="status-error"> — failing: {f.lastError}</span>}
        </li>
      ))}
    </ul>
  )
}
