// The settings dialog's state: what main has saved, and the answer to the last save. Main
// validates and applies every field (collector, retention); this only carries them there.
import type { SettingsFileStatus } from '../../shared/contract/invoke'
import type { Settings, SettingsPatch } from '../../shared/contract/schemas'
import { api } from './apiRef'
import type { Slice } from './types'

export interface SettingsSlice {
  settingsOpen: boolean
  /** as saved in main; null until loaded */
  settings: Settings | null
  settingsStatus: 'idle' | 'loading' | 'saving' | 'saved' | 'error'
  settingsError: string | null
  /** what of the settings file could not be read; null until loaded */
  settingsFile: SettingsFileStatus | null
  setSettingsOpen(open: boolean): void
  loadSettings(): Promise<void>
  /** sends only what changed; true when main accepted it */
  saveSettings(patch: SettingsPatch): Promise<boolean>
}

/** A refusal from main as a sentence: its message already says what and why. */
function refusal(e: unknown): string {
  if (e && typeof e === 'object' && 'message' in e) {
    const { message, field } = e as { message: string; field?: string }
    return field ? `${message} (${field})` : message
  }
  return String(e)
}

export const createSettingsSlice: Slice<SettingsSlice> = (set, get) => ({
  settingsOpen: false,
  settings: null,
  settingsStatus: 'idle',
  settingsError: null,
  settingsFile: null,
  setSettingsOpen(settingsOpen) {
    set({ settingsOpen, settingsError: null, settingsStatus: 'idle' })
    if (settingsOpen) void get().loadSettings()
  },
  async loadSettings() {
    set({ settingsStatus: 'loading' })
    try {
      const [settings, settingsFile] = await Promise.all([
        api().invoke('settings.get', {}),
        api().invoke('settings.status', {}),
      ])
      set({ settings, settingsFile, settingsStatus: 'idle' })
    } catch (e) {
      set({ settingsStatus: 'error', settingsError: refusal(e) })
    }
  },
  async saveSettings(patch) {
    set({ settingsStatus: 'saving', settingsError: null })
    try {
      const settings = await api().invoke('settings.set', patch)
      set({ settings, settingsStatus: 'saved', theme: settings.theme })
      // a save replaces a file that could not be read in full: say where the old one was kept
      if (get().settingsFile?.problem)
        set({ settingsFile: await api().invoke('settings.status', {}) })
      // retention may just have deleted old sessions: the list should not keep showing them
      if (patch.retentionDays !== undefined) void get().loadSessions()
      return true
    } catch (e) {
      set({ settingsStatus: 'error', settingsError: refusal(e) })
      return false
    }
  },
})
