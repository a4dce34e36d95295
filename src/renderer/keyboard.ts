// Global keyboard shortcuts: the map (lib/shortcuts.ts) turned into store actions for the
// view on screen.
import { useAppStore } from './state/store'
import { formatRoute, type Route } from './lib/route'
import { resolveShortcut } from './lib/shortcuts'
import { collapseTarget } from './timeline/rowLayout'
import { keyTarget } from './views/keyTarget'

export function onKey(e: KeyboardEvent, route: Route): void {
  const t = e.target as HTMLElement | null
  const inTextField =
    !!t &&
    (t.tagName === 'INPUT' ||
      t.tagName === 'TEXTAREA' ||
      t.tagName === 'SELECT' ||
      t.isContentEditable)
  const action = resolveShortcut({
    key: e.key,
    ctrlKey: e.ctrlKey,
    metaKey: e.metaKey,
    altKey: e.altKey,
    inTextField,
  })
  if (!action) return
  const s = useAppStore.getState()
  // a dialog has the keyboard: only Esc (or the key that opened it) acts, the view behind it
  // stays as it was
  const closesDialog =
    action === 'back' ||
    (action === 'help' && s.helpOpen) ||
    (action === 'settings' && s.settingsOpen)
  if ((s.helpOpen || s.exportOpen || s.settingsOpen) && !closesDialog) return
  const inSession = route.view === 'session'
  const spanView =
    inSession && (route.tab === 'timeline' || route.tab === 'tree' || route.tab === 'flame')
  switch (action) {
    case 'help':
      s.setHelpOpen(!s.helpOpen)
      break
    case 'settings':
      s.setSettingsOpen(!s.settingsOpen)
      break
    case 'back':
      // a dialog closes from any of its fields; elsewhere Esc first leaves the text field
      if (s.helpOpen) s.setHelpOpen(false)
      else if (s.exportOpen) s.setExportOpen(false)
      else if (s.settingsOpen) s.setSettingsOpen(false)
      else if (inTextField) t?.blur()
      else if (inSession && s.selectedSpanId) s.selectSpan(null)
      else if (inSession) location.hash = formatRoute({ view: 'sessions' })
      else return
      break
    case 'search': {
      const box = document.getElementById('span-search') ?? document.getElementById('global-search')
      if (!box) return
      box.focus()
      break
    }
    case 'next':
    case 'prev': {
      const d = action === 'next' ? 1 : -1
      if (spanView) s.moveSelection(d)
      else keyTarget()?.move(d)
      break
    }
    case 'open':
      // controls that Enter works itself: a button, a link, a <details> summary
      if (t && (t.tagName === 'BUTTON' || t.tagName === 'A' || t.tagName === 'SUMMARY')) return
      if (spanView && s.selectedSpanId) s.selectSpan(s.selectedSpanId, { reveal: true })
      else keyTarget()?.open()
      break
    case 'collapse':
    case 'expand': {
      if (!spanView) {
        const target = keyTarget()
        if (!target?.fold) return
        target.fold(action === 'expand')
        break
      }
      if (!s.selectedSpanId) return
      const i = s.table.indexOf.get(s.selectedSpanId)
      if (i === undefined) return
      if (action === 'expand') {
        if (s.collapsed.has(s.selectedSpanId)) s.toggleCollapsed(s.selectedSpanId)
      } else {
        const target = collapseTarget(s.tree, s.collapsed, s.table.ids, i)
        if (!s.collapsed.has(s.table.ids[target])) s.toggleCollapsed(s.table.ids[target])
        if (target !== i) s.selectSpan(s.table.ids[target])
      }
      break
    }
    case 'zoomIn':
    case 'zoomOut':
      if (!inSession) return
      s.zoom(action === 'zoomIn' ? 0.5 : 2, zoomAnchor())
      break
    case 'nextError':
    case 'prevError':
      if (!inSession || (route.tab !== 'timeline' && route.tab !== 'tree')) return
      s.jumpToError(action === 'nextError' ? 1 : -1)
      break
    case 'zoomReset':
      if (!inSession) return
      s.resetZoom()
      break
  }
  e.preventDefault()
}

/** Zoom keys zoom toward the selected span when it is in view, else around the centre. */
function zoomAnchor(): number {
  const s = useAppStore.getState()
  const i = s.selectedSpanId ? s.table.indexOf.get(s.selectedSpanId) : undefined
  if (i === undefined) return 0.5
  const end = Number.isNaN(s.table.end[i]) ? s.table.start[i] : s.table.end[i]
  const mid = (s.table.start[i] + end) / 2
  const a = (mid - s.view.start) / (s.view.end - s.view.start)
  return a >= 0 && a <= 1 ? a : 0.5
}
