// electron-vite: main (+ the store worker, the OTLP map, gzip and import workers as their own entries, loaded by path at run time; see src/main/workerScript.ts),
// the preload as one self-contained CommonJS file (a sandboxed preload can require only
// 'electron'), and the renderer with the same settings `tracescope serve` builds with.
import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import { rendererBuildOptions } from './src/main/server/rendererBuild'

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          storeWorker: resolve(__dirname, 'src/main/service/storeWorker.ts'),
          // the collector's OTLP mapping thread, loaded by path beside the bundle (mapPool.ts)
          mapWorker: resolve(__dirname, 'src/main/collector/mapWorker.ts'),
          // the store writer's gzip thread, likewise (gzipOffload.ts)
          gzipWorker: resolve(__dirname, 'src/main/store/gzipWorker.ts'),
          // an OTLP import's reading and mapping thread, likewise (otlpImportThread.ts)
          otlpImportWorker: resolve(__dirname, 'src/main/exchange/otlpImportWorker.ts'),
        },
        output: { format: 'cjs', entryFileNames: '[name].js' },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // bundle everything but electron itself: no require() of node_modules in a sandbox
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].js', inlineDynamicImports: true },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    base: rendererBuildOptions.base,
    esbuild: rendererBuildOptions.esbuild,
    build: {
      ...rendererBuildOptions.build,
      outDir: resolve(__dirname, 'out/renderer'),
      rollupOptions: { input: resolve(__dirname, 'src/renderer/index.html') },
    },
  },
})
