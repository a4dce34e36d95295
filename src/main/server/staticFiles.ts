// Files of the built renderer. Only regular files below the root, by a normalized path; the
// type comes from the extension (nosniff is set), never from the content.
import fs from 'node:fs'
import path from 'node:path'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
}

export interface StaticFile {
  file: string
  type: string
  size: number
}

/** The file a URL path names inside root, or null (missing, outside root, not a file). */
export function resolveStatic(root: string, urlPath: string): StaticFile | null {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath)
  } catch {
    return null
  }
  if (decoded.includes('\0')) return null
  const rel = path.posix
    .normalize(decoded)
    .replace(/^(\.\.(\/|$))+/, '')
    .replace(/^\/+/, '')
  const file = path.resolve(root, rel || 'index.html')
  const rootAbs = path.resolve(root)
  if (file !== rootAbs && !file.startsWith(rootAbs + path.sep)) return null
  let st: fs.Stats
  try {
    st = fs.statSync(file)
  } catch {
    return null
  }
  if (!st.isFile()) return null
  const type = TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream'
  return { file, type, size: st.size }
}
