// The shell: top bar, hash routing, global keyboard shortcuts, theme, overlays.
import { useEffect, useState } from 'react'
import { useAppStore } from './state/store'
import { parseRoute, formatRoute, type Route } from './lib/route'
import { onKey } from './keyboard'
import { HelpOverlay } from './views/HelpOverlay'
import { SessionsView } from './views/SessionsView'
import { SessionView } from './views/SessionView'
import { ErrorsView } from './views/ErrorsView'
import { AgentsView } from './views/AgentsView'
import { TablesView } from './views/TablesView'
import { CompareView } from './views/CompareView'
import { StatsView } from './views/StatsView'
import { ExportDialog } from './views/ExportDialog'
import { SettingsDialog } from './views/SettingsDialog'
import { loadPrices } from './lib/userPrices'
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
  const settingsOpen = useAppStore((s) => s.settingsOpen)
  const banner = useAppStore((s) => s.banner)
  const sources = useAppStore((s) => s.sources)
  const sourceId = useAppStore((s) => s.sourceId)
  const unresolved = useAppStore((s) => s.unresolvedCount)
  const capped = useAppStore((s) => s.unresolvedCapped)
  const canOpen = useAppStore((s) => s.appInfo?.capabilities.openDialog ?? false)
  const [dragging, setDragging] = useState(false)

  useEffect(() => {
    void useAppStore.getState().init()
    void useAppStore.getState().loadTheme()
    // a view drawn before the user's prices arrived priced its calls with the shipped ones
    void loadPrices().then((info) => info && useAppStore.getState().pricesChanged(info, false))
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
      href={formatRoute(
        view === 'tables'
          ? { view, table: null }
          : view === 'stats'
            ? { view, groupBy: 'name', sessionId: null }
            : ({ view } as Route),
      )}
      className={route.view === view ? 'active' : ''}
      data-testid={`nav-${view}`}
    >
      {label}
      {extra}
    </a>
  )
  const source = sources.find((s) => s.sourceId === sourceId)
  return (
    <div
      className={`app ${dragging ? 'dropzone' : ''}`}
      onDragOver={(e) => {
        if (!canOpen || !e.dataTransfer.types.includes('Files')) return
        e.preventDefault()
        setDragging(true)
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(e) => {
        setDragging(false)
        const file = e.dataTransfer.files[0]
        if (!canOpen || !file) return
        e.preventDefault()
        void useAppStore.getState().openFile({ dropped: file })
      }}
    >
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
          {nav('stats', 'Statistics')}
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
        {canOpen && (
          <button
            onClick={() => void useAppStore.getState().openFile({ dialog: true })}
            title="Open a .db file"
          >
            Open…
          </button>
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
          onClick={() => useAppStore.getState().setSettingsOpen(true)}
          title="Settings (,)"
          data-testid="settings-button"
        >
          Settings
        </button>
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
        {route.view === 'compare' && <CompareView a={route.a} b={route.b} />}
        {route.view === 'stats' && (
          <StatsView groupBy={route.groupBy} sessionId={route.sessionId} />
        )}
      </main>
      {helpOpen && <HelpOverlay />}
      {exportOpen && <ExportDialog />}
      {settingsOpen && <SettingsDialog />}
    </div>
  )
}
