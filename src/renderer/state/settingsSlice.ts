// The settings dialog's state: what main has saved, and the answer to the last save. Main
// validates and applies every field (collector, retention); this only carries them there.
// Prices saved in Settings reach the views already open through `pricesVersion`.
import type { PricesInfo, SettingsFileStatus } from '../../shared/contract/invoke'
import type { Settings, SettingsPatch } from '../../shared/contract/schemas'
import { applyPrices } from '../lib/userPrices'
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
  /**
   * Counts the price tables main sent since start: a view that shows a cost reads it again
   * when this moves (costs are priced when read, in main and here).
   */
  pricesVersion: number
  /**
   * Main sent its price table: single calls are priced with it here; `reread` (the user saved
   * a price) reads the sums main priced again, as the sessions list and header show them.
   */
  pricesChanged(info: PricesInfo, reread: boolean): void
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
  pricesVersion: 0,
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
  pricesChanged(info, reread) {
    applyPrices(info)
    set({ pricesVersion: get().pricesVersion + 1 })
    if (reread) void get().rereadSessions()
  },
})
