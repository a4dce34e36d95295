// Electron main entry (bundled by electron-vite into out/main/index.js). Everything lives in
// src/main/electron/desktopApp.ts; this file only starts it.
import { startDesktop } from './electron/desktopApp'

startDesktop()
