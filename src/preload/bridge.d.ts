// What the preload exposes, for the renderer's type checking (tsconfig.web.json includes
// src/preload/*.d.ts, never the preload's code).
import type { TraceBridge } from '../shared/contract/api'

declare global {
  interface Window {
    /** present in the desktop app only; browser mode talks WebSocket instead */
    tracescope?: TraceBridge
  }
}

export {}
