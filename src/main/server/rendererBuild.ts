// `serve` needs the built renderer. After `npm install` there is none yet, so the first
// `tracescope serve` builds it with Vite's API (a few seconds, progress on stderr) into
// out/renderer — the same folder electron-vite builds into. Rebuilt when sources are newer.
import fs from 'node:fs'
import path from 'node:path'

export const PROJECT_ROOT = path.resolve(__dirname, '../../..')
export const RENDERER_SRC = path.join(PROJECT_ROOT, 'src/renderer')
export const RENDERER_OUT = path.join(PROJECT_ROOT, 'out/renderer')

function newestMtime(dir: string): number {
  let m = 0
  if (!fs.existsSync(dir)) return m
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name)
    m = Math.max(m, e.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs)
  }
  return m
}

export function rendererIsStale(outDir = RENDERER_OUT, srcDir = RENDERER_SRC): boolean {
  const index = path.join(outDir, 'index.html')
  if (!fs.existsSync(index)) return true
  if (!fs.existsSync(srcDir)) return false
  const srcTime = Math.max(newestMtime(srcDir), newestMtime(path.join(PROJECT_ROOT, 'src/shared')))
  return fs.statSync(index).mtimeMs < srcTime
}

/** The renderer's Vite settings, shared with electron.vite.config.ts's renderer section. */
export const rendererBuildOptions = {
  base: './',
  esbuild: { jsx: 'automatic' as const },
  build: {
    emptyOutDir: true,
    sourcemap: false,
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
    // no inline <script>/<style> or data: scripts: the CSP allows only files from 'self'
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
}

export async function ensureRendererBuilt(
  opts: { outDir?: string; force?: boolean; log?: (line: string) => void } = {},
): Promise<string> {
  const outDir = opts.outDir ?? RENDERER_OUT
  if (!opts.force && !rendererIsStale(outDir)) return outDir
  if (!fs.existsSync(path.join(RENDERER_SRC, 'index.html'))) {
    throw new Error(
      `No built viewer in ${outDir} and no sources in ${RENDERER_SRC} to build it from.`,
    )
  }
  const log = opts.log ?? ((line) => process.stderr.write(line + '\n'))
  log(
    `Building the viewer into ${path.relative(process.cwd(), outDir) || outDir} (first run only)…`,
  )
  const t0 = Date.now()
  const { build } = await import('vite')
  await build({
    configFile: false,
    root: RENDERER_SRC,
    logLevel: 'warn',
    ...rendererBuildOptions,
    build: { ...rendererBuildOptions.build, outDir },
  })
  log(`Viewer built in ${((Date.now() - t0) / 1000).toFixed(1)} s.`)
  return outDir
}
