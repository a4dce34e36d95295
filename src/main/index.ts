// Electron main entry (bundled by electron-vite into out/main/index.js). Everything lives in
// src/main/electron/desktopApp.ts; this file only starts it.
// before any store worker starts: its SQLite reads file URIs (see sqliteUris.ts)
import './sqliteUris'
import { startDesktop } from './electron/desktopApp'

startDesktop()
