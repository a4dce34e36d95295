// The app's state, as the union of its slices (each in its own file, ~200 lines at most).
import type { StateCreator } from 'zustand'
import type { SourcesSlice } from './sourcesSlice'
import type { SessionSlice } from './sessionSlice'
import type { SelectionSlice } from './selectionSlice'
import type { ErrorsSlice } from './errorsSlice'
import type { UiSlice } from './uiSlice'
import type { SettingsSlice } from './settingsSlice'
import type { PathSlice } from './pathSlice'

export type AppState = SourcesSlice &
  SessionSlice &
  SelectionSlice &
  ErrorsSlice &
  UiSlice &
  SettingsSlice &
  PathSlice

export type Slice<T> = StateCreator<AppState, [], [], T>

export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error'
