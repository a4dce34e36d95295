// The desktop window's options as plain data, so a test can check every security setting
// without Electron. One line of why beside each.
import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron'

export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    // the page and the preload live in separate JavaScript worlds
    contextIsolation: true,
    // the renderer process is sandboxed by the OS; the preload is bundled CommonJS for this
    sandbox: true,
    // no Node.js in the page
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    // same-origin policy stays on
    webSecurity: true,
    allowRunningInsecureContent: false,
    // no <webview> tags that could load anything
    webviewTag: false,
    // no experimental platform features
    experimentalFeatures: false,
    // drag-and-drop must not turn into a navigation to the file
    navigateOnDragDrop: false,
    spellcheck: false,
    // our own code never needs these, so a compromised page cannot either
    enableWebSQL: false,
    safeDialogs: true,
  }
}

export function mainWindowOptions(
  preloadPath: string,
  title = 'Tracescope',
): BrowserWindowConstructorOptions {
  return {
    width: 1400,
    height: 900,
    minWidth: 800,
    minHeight: 500,
    title,
    show: false,
    backgroundColor: '#16181d',
    autoHideMenuBar: false,
    webPreferences: secureWebPreferences(preloadPath),
  }
}

/** Links the user clicked may open in the system browser; nothing else leaves the app. */
export function isExternalLink(url: string): boolean {
  try {
    const u = new URL(url)
    return u.protocol === 'https:' || u.protocol === 'http:'
  } catch {
    return false
  }
}

/** A file:// navigation to a .db is what an un-handled drop looks like. */
export function droppedDbPath(url: string): string | null {
  try {
    const u = new URL(url)
    if (u.protocol !== 'file:') return null
    const p = decodeURIComponent(u.pathname)
    const file = process.platform === 'win32' ? p.replace(/^\/([A-Za-z]:)/, '$1') : p
    return /\.(db|sqlite3?)$/i.test(file) ? file : null
  } catch {
    return null
  }
}
