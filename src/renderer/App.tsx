// The shell: top bar, hash routing, global keyboard shortcuts, theme, overlays.
import { useEffect, useState } from 'react'
import { useAppStore } from './state/store'
import { parseRoute, formatRoute, type Route } from './lib/route'
import { resolveShortcut, SHORTCUTS } from './lib/shortcuts'
import { collapseTarget } from './timeline/rowLayout'
import { SessionsView } from './views/SessionsView'
import { SessionView } from './views/SessionView'
import { ErrorsView } from './views/ErrorsView'
import { AgentsView } from './views/AgentsView'
import { TablesView } from './views/TablesView'
import { ExportDialog } from './views/ExportDialog'
import { keyTarget } from './views/keyTarget'
import type { ThemeChoice } from './state/uiSlice'

function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash))
  useEffect(() => {
    const on = (): void => setRoute(parseRoute(location.hash))
    window.addEventListener('hashchange', on)
    return () => window.removeEventListener('hashchange', on)
  }, [])
  return route
}

export function App() {
  const route = useRoute()
  const theme = useAppStore((s) => s.theme)
  const helpOpen = useAppStore((s) => s.helpOpen)
  const exportOpen = useAppStore((s) => s.exportOpen)
  const banner = useAppStore((s) => s.banner)
  const sources = useAppStore((s) => s.sources)
  const sourceId = useAppStore((s) => s.sourceId)
  const unresolved = useAppStore((s) => s.unresolvedCount)
  const capped = useAppStore((s) => s.unresolvedCapped)

  useEffect(() => {
    void useAppStore.getState().init()
  }, [])
  useEffect(() => {
    if (theme === 'system') delete document.documentElement.dataset.theme
    else document.documentElement.dataset.theme = theme
  }, [theme])
  useEffect(() => {
    if (route.view !== 'session') useAppStore.getState().closeSession()
  }, [route.view])
  useEffect(() => {
    const on = (e: KeyboardEvent): void => onKey(e, route)
    window.addEventListener('keydown', on)
    return () => window.removeEventListener('keydown', on)
  }, [route])

  const nav = (view: Route['view'], label: string, extra?: React.ReactNode) => (
    <a
      href={formatRoute(view === 'tables' ? { view, table: null } : ({ view } as Route))}
      className={route.view === view ? 'active' : ''}
      data-testid={`nav-${view}`}
    >
      {label}
      {extra}
    </a>
  )
  const source = sources.find((s) => s.sourceId === sourceId)
  return (
    <div className="app">
      <header className="topbar">
        <span className="brand">Tracescope</span>
        <nav>
          {nav('sessions', 'Sessions')}
          {nav(
            'errors',
            'Errors',
            unresolved > 0 && (
              <span className="badge error" style={{ marginLeft: 6 }} data-testid="nav-unresolved">
                {unresolved}
                {capped ? '+' : ''}
              </span>
            ),
          )}
          {nav('agents', 'Agents')}
          {nav('tables', 'Tables')}
        </nav>
        <span className="spacer" />
        {sources.length > 1 ? (
          <select
            value={sourceId ?? ''}
            onChange={(e) => void useAppStore.getState().selectSource(e.target.value)}
            aria-label="Open file"
          >
            {sources.map((s) => (
              <option key={s.sourceId} value={s.sourceId}>
                {s.name}
              </option>
            ))}
          </select>
        ) : (
          <span className="source" title={source?.path} data-testid="source-name">
            {source
              ? `${source.name} · ${source.info.kind}${source.info.readOnly ? ' · read-only' : ''}`
              : ''}
          </span>
        )}
        <select
          value={theme}
          onChange={(e) => useAppStore.getState().setTheme(e.target.value as ThemeChoice)}
          aria-label="Theme"
        >
          <option value="system">OS theme</option>
          <option value="light">light</option>
          <option value="dark">dark</option>
        </select>
        <button
          onClick={() => useAppStore.getState().setHelpOpen(true)}
          aria-label="Keyboard shortcuts"
          data-testid="help-button"
        >
          ?
        </button>
      </header>
      {banner && (
        <div className="banner" role="alert">
          {banner}
          <button onClick={() => useAppStore.getState().setBanner(null)}>dismiss</button>
        </div>
      )}
      <main className="main">
        {route.view === 'sessions' && <SessionsView />}
        {route.view === 'session' && (
          <SessionView sessionId={route.sessionId} tab={route.tab} spanId={route.spanId} />
        )}
        {route.view === 'errors' && <ErrorsView sessionId={null} />}
        {route.view === 'agents' && <AgentsView sessionId={null} />}
        {route.view === 'tables' && <TablesView table={route.table} />}
      </main>
      {helpOpen && <HelpOverlay />}
      {exportOpen && <ExportDialog />}
    </div>
  )
}

function HelpOverlay() {
  const close = (): void => useAppStore.getState().setHelpOpen(false)
  return (
    <div className="overlay" onClick={close}>
      <div
        className="dialog"
        role="dialog"
        aria-label="Keyboard shortcuts"
        data-testid="help"
        onClick={(e) => e.stopPropagation()}
      >
        <h2>Keyboard shortcuts</h2>
        <table className="keys">
          <tbody>
            {SHORTCUTS.map((s) => (
              <tr key={s.action}>
                <td>
                  {s.keys.map((k) => (
                    <kbd key={k} style={{ marginRight: 4 }}>
                      {k === ' ' ? 'Space' : k}
                    </kbd>
                  ))}
                </td>
                <td>{s.label}</td>
              </tr>
            ))}
            <tr>
              <td>
                <kbd>Ctrl</kbd> + wheel
              </td>
              <td>Zoom the timeline around the cursor</td>
            </tr>
            <tr>
              <td>
                <kbd>Shift</kbd> + wheel, drag
              </td>
              <td>Pan the timeline</td>
            </tr>
          </tbody>
        </table>
        <div className="buttons">
          <button onClick={close}>Close</button>
        </div>
      </div>
    </div>
  )
}

function onKey(e: KeyboardEvent, route: Route): void {
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
  const inSession = route.view === 'session'
  const spanView =
    inSession && (route.tab === 'timeline' || route.tab === 'tree' || route.tab === 'flame')
  switch (action) {
    case 'help':
      s.setHelpOpen(!s.helpOpen)
      break
    case 'back':
      if (inTextField) t?.blur()
      else if (s.helpOpen) s.setHelpOpen(false)
      else if (s.exportOpen) s.setExportOpen(false)
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
      if (t && (t.tagName === 'BUTTON' || t.tagName === 'A')) return
      if (spanView && s.selectedSpanId) s.selectSpan(s.selectedSpanId, { reveal: true })
      else keyTarget()?.open()
      break
    case 'collapse':
    case 'expand': {
      if (!spanView || !s.selectedSpanId) return
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
      if (!inSession) return
      s.zoom(0.5)
      break
    case 'zoomOut':
      if (!inSession) return
      s.zoom(2)
      break
    case 'zoomReset':
      if (!inSession) return
      s.resetZoom()
      break
  }
  e.preventDefault()
}
