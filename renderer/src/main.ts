// Renderer entry: mounts the app and stops the webview from navigating on dropped files.
// Layer: renderer.
import { mount } from 'svelte'
import App from './App.svelte'
import './app.css'

// A file dropped anywhere outside a drop target would navigate the window to it.
for (const type of ['dragover', 'drop'] as const) {
  window.addEventListener(type, (event) => event.preventDefault())
}

const target = document.getElementById('app')
if (!target) throw new Error('The #app element is missing from index.html')

mount(App, { target })
