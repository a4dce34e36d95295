// The keyboard map in one place: the handler and the "?" help overlay both read it.

export type ShortcutAction =
  | 'search'
  | 'next'
  | 'prev'
  | 'open'
  | 'back'
  | 'collapse'
  | 'expand'
  | 'zoomIn'
  | 'zoomOut'
  | 'zoomReset'
  | 'nextError'
  | 'prevError'
  | 'help'
  | 'settings'

export const SHORTCUTS: ReadonlyArray<{ keys: string[]; action: ShortcutAction; label: string }> = [
  { keys: ['/'], action: 'search', label: 'Search' },
  { keys: ['j', 'ArrowDown'], action: 'next', label: 'Next row' },
  { keys: ['k', 'ArrowUp'], action: 'prev', label: 'Previous row' },
  { keys: ['Enter'], action: 'open', label: 'Open the selected row' },
  { keys: ['Escape'], action: 'back', label: 'Close / go back' },
  { keys: ['[', 'ArrowLeft'], action: 'collapse', label: 'Collapse span' },
  { keys: [']', 'ArrowRight'], action: 'expand', label: 'Expand span' },
  { keys: ['+', '='], action: 'zoomIn', label: 'Zoom in' },
  { keys: ['-', '_'], action: 'zoomOut', label: 'Zoom out' },
  { keys: ['0'], action: 'zoomReset', label: 'Show the whole trace' },
  { keys: ['n'], action: 'nextError', label: 'Next error span (timeline, tree)' },
  { keys: ['N'], action: 'prevError', label: 'Previous error span (timeline, tree)' },
  { keys: ['?'], action: 'help', label: 'Show shortcuts' },
  { keys: [','], action: 'settings', label: 'Settings' },
]

const BY_KEY = new Map<string, ShortcutAction>()
for (const s of SHORTCUTS) for (const k of s.keys) BY_KEY.set(k, s.action)

export interface KeyInput {
  key: string
  ctrlKey?: boolean
  metaKey?: boolean
  altKey?: boolean
  /** true when focus is in a text field: only Escape (and Enter) act there */
  inTextField?: boolean
}

export function resolveShortcut(e: KeyInput): ShortcutAction | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null
  const action = BY_KEY.get(e.key) ?? null
  if (e.inTextField && action !== 'back') return null
  return action
}
