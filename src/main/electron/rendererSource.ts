// Where a window's page comes from. electron-vite's dev server sets ELECTRON_RENDERER_URL; a
// packaged app must never honour it, or anyone who can set an environment variable for the
// app could give any web page the full bridge. Even in development only a loopback http URL
// is taken.
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]'])

export function devRendererUrl(isPackaged: boolean, env: NodeJS.ProcessEnv): string | null {
  if (isPackaged) return null
  const raw = env.ELECTRON_RENDERER_URL
  if (!raw) return null
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return null
  }
  return url.protocol === 'http:' && LOOPBACK.has(url.hostname) ? url.href : null
}
