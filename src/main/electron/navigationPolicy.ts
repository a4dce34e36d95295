// What a window may do when its page navigates or opens a window, as pure logic (the Electron
// glue in windowManager.ts only feeds it events).
//
// - A navigation never opens or grants anything. A real drop does not navigate
//   (navigateOnDragDrop is off); dropped files reach main only through the preload's drop grant,
//   which checks the file (dropGrant.ts). So a file://…/x.db navigation can only come from page
//   script, and is refused like every other navigation.
// - Leaving the app for the system browser needs the user: an http(s) link opens through
//   shell.openExternal only within USER_GESTURE_MS of a trusted input event (mouse click, key
//   press, tap) that Chromium reported for that window, and only once per gesture. Page script
//   cannot forge those events (they come from the browser process, not from dispatchEvent), so a
//   compromised page cannot open the browser at will or in a loop.
import { isExternalLink } from './windowOptions'

/** a click's window.open / navigation follows its input event within a few ms; 1 s is generous */
export const USER_GESTURE_MS = 1000
/** a link is an address, not a data channel: long URLs are refused */
export const MAX_EXTERNAL_URL = 2048

// the events that end a click, a key press or a tap (never moves, wheels or hovers)
const GESTURES = new Set([
  'mouseDown',
  'mouseUp',
  'keyDown',
  'rawKeyDown',
  'gestureTap',
  'touchEnd',
])

/** http(s), no credentials in it, short enough to be an address */
export function isOpenableLink(url: string): boolean {
  if (url.length > MAX_EXTERNAL_URL || !isExternalLink(url)) return false
  const u = new URL(url)
  return u.username === '' && u.password === ''
}

/** One per window: remembers the last user gesture and spends it on one external open. */
export class ExternalLinkGate {
  private lastGesture = Number.NEGATIVE_INFINITY

  constructor(private readonly windowMs = USER_GESTURE_MS) {}

  /** every input event Chromium reports for the window (webContents 'input-event') */
  noteInput(type: string, now: number): void {
    if (GESTURES.has(type)) this.lastGesture = now
  }

  /** true when `url` may go to the system browser now; spends the gesture */
  mayOpen(url: string, now: number): boolean {
    if (!isOpenableLink(url)) return false
    const age = now - this.lastGesture
    if (!(age >= 0 && age <= this.windowMs)) return false
    this.lastGesture = Number.NEGATIVE_INFINITY
    return true
  }
}
