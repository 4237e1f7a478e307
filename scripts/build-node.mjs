// Bundles the Node-side entry points with esbuild: the browser host, the Electron main process
// (ESM) and preload (CommonJS, as sandboxed preloads require), each with the archive worker
// beside it. Dependencies stay in node_modules, except in the preload, which cannot load them.
// The tray icons are copied beside the bundles, so out/ is the whole Electron app.
import { cpSync } from 'node:fs'
import { build } from 'esbuild'

const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning' }
const esm = { ...common, format: 'esm', packages: 'external' }

await Promise.all([
  build({ ...esm, entryPoints: { index: 'electron/web-host/index.ts', 'archive-worker': 'electron/core/archive/archive-worker.ts' }, outdir: 'out/web-host' }),
  build({ ...esm, entryPoints: { index: 'electron/main/index.ts', 'archive-worker': 'electron/core/archive/archive-worker.ts' }, outdir: 'out/main', external: ['electron'] }),
  build({ ...common, format: 'cjs', entryPoints: { index: 'electron/preload/index.ts' }, outdir: 'out/preload', outExtension: { '.js': '.cjs' }, external: ['electron'] }),
])
cpSync('build/tray', 'out/tray', { recursive: true })
