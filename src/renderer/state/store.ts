// One zustand store built from slices; components read one field at a time:
//   const view = useAppStore((s) => s.view)
import { create } from 'zustand'
import { createErrorsSlice } from './errorsSlice'
import { createSelectionSlice } from './selectionSlice'
import { createSessionSlice } from './sessionSlice'
import { createSettingsSlice } from './settingsSlice'
import { createSourcesSlice } from './sourcesSlice'
import type { AppState } from './types'
import { createUiSlice } from './uiSlice'
import { createPathSlice } from './pathSlice'

export const useAppStore = create<AppState>()((...a) => ({
  ...createSourcesSlice(...a),
  ...createSessionSlice(...a),
  ...createSelectionSlice(...a),
  ...createErrorsSlice(...a),
  ...createUiSlice(...a),
  ...createSettingsSlice(...a),
  ...createPathSlice(...a),
}))
