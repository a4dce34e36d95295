// Shell state: theme (kept in the app's settings), overlays, and a banner for failures that
// need the user's attention.
import { api } from './apiRef'
import type { Slice } from './types'

export type ThemeChoice = 'system' | 'light' | 'dark'

export interface UiSlice {
  theme: ThemeChoice
  helpOpen: boolean
  exportOpen: boolean
  banner: string | null
  /** the Timeline tab shows spans (a waterfall) or one lane per agent */
  timelineMode: 'spans' | 'lanes'
  /** the saved theme, if the settings say one */
  loadTheme(): Promise<void>
  setTheme(t: ThemeChoice): void
  setHelpOpen(open: boolean): void
  setExportOpen(open: boolean): void
  setBanner(message: string | null): void
  setTimelineMode(mode: 'spans' | 'lanes'): void
}

export const createUiSlice: Slice<UiSlice> = (set) => ({
  theme: 'system',
  helpOpen: false,
  exportOpen: false,
  banner: null,
  timelineMode: 'spans',
  setTimelineMode(timelineMode) {
    set({ timelineMode })
  },
  async loadTheme() {
    try {
      const settings = await api().invoke('settings.get', {})
      set({ theme: settings.theme })
    } catch {
      // no settings (yet): follow the OS
    }
  },
  setTheme(theme) {
    set({ theme })
    // remembered for the next start; the choice applies now even if saving fails
    void api()
      .invoke('settings.set', { theme })
      .catch(() => undefined)
  },
  setHelpOpen(helpOpen) {
    set({ helpOpen })
  },
  setExportOpen(exportOpen) {
    set({ exportOpen })
  },
  setBanner(banner) {
    set({ banner })
  },
})
