// Vite build for the renderer. Output goes to out/renderer and is served by both hosts (Electron's
// app protocol and the browser host) under a strict CSP without 'unsafe-inline': no inline scripts,
// no inline styles, no data: fonts. Layer: build config (Node); it lives outside renderer/ because
// the renderer's own code may not import Node modules.
import { fileURLToPath } from 'node:url'
import { svelte } from '@sveltejs/vite-plugin-svelte'
import { defineConfig } from 'vite'

const root = fileURLToPath(new URL('../renderer/', import.meta.url))

export default defineConfig({
  root,
  base: './',
  publicDir: false,
  plugins: [
    svelte({
      configFile: false,
      compilerOptions: { runes: true },
    }),
  ],
  build: {
    outDir: '../out/renderer',
    emptyOutDir: true,
    target: 'chrome120',
    // The polyfill would be an inline script; Chromium supports modulepreload natively.
    modulePreload: { polyfill: false },
    // Never turn assets into data: URIs (fonts would need font-src; keep everything a file).
    assetsInlineLimit: 0,
    cssCodeSplit: false,
    sourcemap: false,
  },
})
