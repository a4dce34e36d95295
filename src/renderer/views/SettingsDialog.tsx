// Settings (",", or the top bar's gear): the in-app OTLP collector, how long the app's own
// store keeps sessions, and the theme. Main validates and applies each one; a refusal (no app
// store in this mode, a port in use) is shown as main worded it.
import { useState } from 'react'
import type { Settings } from '../../shared/contract/schemas'
import { collectorUrl, draftOf, settingsPatch } from '../lib/settingsForm'
import type { SettingsDraft } from '../lib/settingsForm'
import { useAppStore } from '../state/store'
import type { ThemeChoice } from '../state/uiSlice'
import { Modal } from './Modal'
import { ForwardSettings } from './ForwardSettings'
import { PricesSettings } from './PricesSettings'

export function SettingsDialog() {
  const settings = useAppStore((s) => s.settings)
  const close = (): void => useAppStore.getState().setSettingsOpen(false)
  return (
    <Modal title="Settings" className="settings" testId="settings-dialog" onClose={close}>
      {settings ? (
        // keyed on what is saved, so a save or reload starts the form from it again
        <SettingsForm key={JSON.stringify(settings)} saved={settings} onClose={close} />
      ) : (
        <SettingsLoading onClose={close} />
      )}
    </Modal>
  )
}

function SettingsLoading({ onClose }: { onClose(): void }) {
  const error = useAppStore((s) => s.settingsError)
  return (
    <>
      {error ? <p className="status-error">{error}</p> : <p className="muted">Loading…</p>}
      <div className="buttons">
        <button onClick={onClose}>Close</button>
      </div>
    </>
  )
}

function SettingsForm({ saved, onClose }: { saved: Settings; onClose(): void }) {
  const hasAppStore = useAppStore((s) => s.appInfo?.capabilities.collector ?? false)
  const status = useAppStore((s) => s.settingsStatus)
  const error = useAppStore((s) => s.settingsError)
  const [draft, setDraft] = useState<SettingsDraft>(() => draftOf(saved))
  const edit = (change: Partial<SettingsDraft>): void => setDraft((d) => ({ ...d, ...change }))
  const [invalid, setInvalid] = useState<string | null>(null)

  const save = async (): Promise<void> => {
    const patch = settingsPatch(saved, draft)
    if (typeof patch === 'string') return setInvalid(patch)
    setInvalid(null)
    if (Object.keys(patch).length > 0) await useAppStore.getState().saveSettings(patch)
  }

  return (
    // noValidate: our own message names the field; the browser's bubble is easy to miss
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault()
        void save()
      }}
    >
      <SettingsFileNotice />
      {!hasAppStore && (
        <p className="notice" data-testid="settings-no-app-store">
          The app&apos;s own trace store is not open in this mode (a file served with{' '}
          <code>tracescope serve --db</code>), so the collector and retention cannot be changed
          here. Start <code>tracescope serve</code> without <code>--db</code>, or the desktop app.
        </p>
      )}
      <fieldset>
        <legend>OTLP collector</legend>
        <div className="row">
          <label htmlFor="settings-collector">Receive traces</label>
          <input
            id="settings-collector"
            type="checkbox"
            checked={draft.enabled}
            onChange={(e) => edit({ enabled: e.target.checked })}
            data-testid="settings-collector"
          />
        </div>
        <div className="row">
          <label htmlFor="settings-port">Port</label>
          <input
            id="settings-port"
            type="number"
            min={1}
            max={65535}
            value={draft.port}
            onChange={(e) => edit({ port: e.target.value })}
            data-testid="settings-port"
          />
        </div>
        <p className="muted hint" data-testid="settings-address">
          {draft.enabled ? 'Send OTLP/HTTP to ' : 'When on, it listens at '}
          <code>{collectorUrl(Number(draft.port) || saved.collector.port)}</code> (this computer
          only).
        </p>
      </fieldset>
      <ForwardSettings draft={draft} edit={edit} disabled={!hasAppStore} />
      <fieldset>
        <legend>App store</legend>
        <div className="row">
          <label htmlFor="settings-retention">Keep sessions for</label>
          <input
            id="settings-retention"
            type="number"
            min={1}
            max={36500}
            placeholder="forever"
            value={draft.retention}
            onChange={(e) => edit({ retention: e.target.value })}
            data-testid="settings-retention"
          />
          <span className="muted">days</span>
        </div>
        <p className="muted hint">
          Older sessions are deleted when you save, then once a day. Empty keeps everything. Files
          you open yourself are never touched.
        </p>
      </fieldset>
      <div className="row">
        <label htmlFor="settings-theme">Theme</label>
        <select
          id="settings-theme"
          value={draft.theme}
          onChange={(e) => edit({ theme: e.target.value as ThemeChoice })}
          data-testid="settings-theme"
        >
          <option value="system">OS theme</option>
          <option value="light">light</option>
          <option value="dark">dark</option>
        </select>
      </div>
      <PricesSettings />
      {(invalid ?? error) && (
        <p className="status-error" role="alert" data-testid="settings-error">
          {invalid ?? error}
        </p>
      )}
      {status === 'saved' && !invalid && (
        <p className="status-ok" data-testid="settings-saved">
          Saved.
        </p>
      )}
      <SettingsFileKept />
      <div className="buttons">
        <button type="button" onClick={onClose}>
          Close
        </button>
        <button
          type="submit"
          className="primary"
          disabled={status === 'saving'}
          data-testid="settings-save"
        >
          {status === 'saving' ? 'Saving…' : 'Save'}
        </button>
      </div>
    </form>
  )
}

/** a settings file that could not be read in full: shown first, when the dialog opens */
function SettingsFileNotice() {
  const file = useAppStore((s) => s.settingsFile)
  if (!file?.problem) return null
  return (
    <p className="notice" role="alert" data-testid="settings-file-problem">
      Part of <code>{file.path}</code> could not be read: {file.problem}. Those settings use their
      defaults until you save; saving keeps your file beside the new one.
    </p>
  )
}

/** where that file was kept once a save replaced it: beside "Saved.", where the eye is */
function SettingsFileKept() {
  const keptAs = useAppStore((s) => s.settingsFile?.keptAs)
  if (!keptAs) return null
  return (
    <p className="notice" role="status" data-testid="settings-file-kept">
      Your earlier settings file was kept as <code>{keptAs}</code>.
    </p>
  )
}
