// Preload entry, bundled to CommonJS (out/preload/index.cjs) because sandboxed preloads cannot
// load ES modules. Exposes the bridge and nothing else. Layer: electron/preload.
import { contextBridge, ipcRenderer } from 'electron'
import { BRIDGE_KEY, createBridge } from './bridge'

contextBridge.exposeInMainWorld(BRIDGE_KEY, createBridge(ipcRenderer))
