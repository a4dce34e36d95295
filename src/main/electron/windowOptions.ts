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

/** http(s): the only links that may leave the app (and only on a user gesture: navigationPolicy.ts). */
export function isExternalLink(url: string): boolean {
  try {
    const u = new URL(url)
    return u.protocol === 'https:' || u.protocol === 'http:'
  } catch {
    return false
  }
}
