// Builds src/renderer into out/renderer with Vite (React 19's automatic JSX runtime needs
// only esbuild, so no plugin). Skips the build when the output is newer than every source.
import fs from 'node:fs'
import path from 'node:path'

export const ROOT = path.resolve(__dirname, '../..')
export const RENDERER_SRC = path.join(ROOT, 'src/renderer')
export const RENDERER_OUT = path.join(ROOT, 'out/renderer')

function newestMtime(dir: string): number {
  let m = 0
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name)
    m = Math.max(m, e.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs)
  }
  return m
}

export async function buildRenderer(opts: { force?: boolean } = {}): Promise<string> {
  const index = path.join(RENDERER_OUT, 'index.html')
  const srcTime = Math.max(newestMtime(RENDERER_SRC), newestMtime(path.join(ROOT, 'src/shared')))
  if (!opts.force && fs.existsSync(index) && fs.statSync(index).mtimeMs > srcTime)
    return RENDERER_OUT
  const { build } = await import('vite')
  await build({
    configFile: false,
    root: RENDERER_SRC,
    base: './',
    logLevel: 'warn',
    esbuild: { jsx: 'automatic' },
    build: {
      outDir: RENDERER_OUT,
      emptyOutDir: true,
      sourcemap: false,
      target: 'es2022',
      chunkSizeWarningLimit: 2000,
      // no inline <script>/<style>: the CSP allows only files from 'self'
      assetsInlineLimit: 0,
      modulePreload: { polyfill: false },
    },
  })
  return RENDERER_OUT
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(__filename)) {
  buildRenderer({ force: true }).then(
    (out) => console.log(`renderer built into ${path.relative(ROOT, out)}`),
    (e) => {
      console.error(e)
      process.exit(1)
    },
  )
}
