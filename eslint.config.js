// Lint rules, including the layering of the app (see README "Architecture"): each folder may
// import only what its layer allows, checked here and again by the per-folder tsconfigs.
import tseslint from 'typescript-eslint'
import svelte from 'eslint-plugin-svelte'
import svelteParser from 'svelte-eslint-parser'

// Bare built-in names are matched exactly (as patterns, 'util' would also match 'shared/util/…').
const NODE_BUILTINS = ['fs', 'path', 'os', 'child_process', 'crypto', 'net', 'tls', 'http', 'https', 'worker_threads', 'stream', 'events', 'url', 'util', 'dns']

const layer = (files, patterns, message, { node = false } = {}) => ({
  files,
  rules: {
    'no-restricted-imports': [
      'error',
      {
        paths: node ? NODE_BUILTINS.map((name) => ({ name, message })) : [],
        patterns: [{ group: node ? [...patterns, 'node:*'] : patterns, message }],
      },
    ],
  },
})

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', 'dist/', '.tmp/', 'test-results/'] },
  ...tseslint.configs.recommended,
  ...svelte.configs['flat/recommended'],
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parser: svelteParser, parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } },
  },
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Network text is rendered as text only (security notes A10).
      'svelte/no-at-html-tags': 'error',
    },
  },
  layer(['shared/**/*.ts'], ['electron', 'electron/*', '../electron/**', '../../electron/**', '../renderer/**', '../../renderer/**', 'better-sqlite3', '@xmpp/*', 'ws'], 'shared/ is pure: no Node, no DOM, no Electron, no other layer.', { node: true }),
  layer(['electron/core/**/*.ts', 'electron/web-host/**/*.ts'], ['electron', 'electron/*', '**/renderer/**', '**/electron/main/**', '../main/**', '../../main/**', '../preload/**', '../../preload/**'], 'electron/core and the browser host never import electron, the Electron glue or the renderer.'),
  layer(['electron/main/**/*.ts'], ['**/renderer/**', '../web-host/**'], 'The Electron main process never imports the renderer or the browser host.'),
  layer(['electron/preload/**/*.ts'], ['**/core/**', '../main/**', '**/renderer/**', 'better-sqlite3', '@xmpp/*'], 'The preload only bridges the contract: shared/ and electron (contextBridge, ipcRenderer).', { node: true }),
  layer(['renderer/src/**/*.ts', 'renderer/src/**/*.svelte'], ['electron', 'electron/*', '**/electron/**', 'better-sqlite3', '@xmpp/*', 'ws'], 'The renderer imports only shared/ and svelte; it talks to the core through the contract.', { node: true }),
)
