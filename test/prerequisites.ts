// What a test file needs from the machine (Chromium, root to switch users, Linux's /proc). On a
// developer's machine a missing prerequisite skips its tests with a line saying why; in CI
// (CI=true) it fails the run instead, so a green CI never hides tests that did not run. Only the
// Electron-binary tests may skip in CI: that binary cannot be downloaded there.

/** True when the prerequisite is there; false (with a warning) when it is not, outside CI. */
export function prerequisite(name: string, missing: string | null): boolean {
  if (missing === null) return true
  if (process.env.CI === 'true' || process.env.CI === '1') {
    throw new Error(`CI needs ${name}, which is missing here: ${missing}`)
  }
  console.warn(`[skipped] tests that need ${name}: ${missing}`)
  return false
}

/** Switching to the unprivileged user 'nobody' needs root. */
export const canSwitchUser = (): boolean =>
  prerequisite(
    'root (to run checks as the unprivileged user "nobody")',
    process.getuid?.() === 0 ? null : 'this process is not root',
  )
