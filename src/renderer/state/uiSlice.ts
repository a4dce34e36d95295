// Shell state: theme, overlays, and a banner for failures that need the user's attention.

export type ThemeChoice = 'system' | 'light' | 'dark'

import type { Slice } from './types'

export interface UiSlice {
  theme: ThemeChoice
  helpOpen: boolean
  exportOpen: boolean
  banner: string | null
  setTheme(t: ThemeChoice): void
  setHelpOpen(open: boolean): void
  setExportOpen(open: boolean): void
  setBanner(message: string | null): void
}

export const createUiSlice: Slice<UiSlice> = (set) => ({
  theme: 'system',
  helpOpen: false,
  exportOpen: false,
  banner: null,
  setTheme(theme) {
    set({ theme })
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
