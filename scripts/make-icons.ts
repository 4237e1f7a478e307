// `npm run icons`: writes every icon in build/ from build/icon-source.png (see
// scripts/icons/app-icons.ts). Run it after changing the source image or the tray badges; the
// output is committed. Layer: build script (node --import tsx).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { generateIcons } from './icons/app-icons'
import { decodePng } from './icons/png'

const BUILD_DIR = fileURLToPath(new URL('../build/', import.meta.url))

const files = generateIcons(decodePng(readFileSync(path.join(BUILD_DIR, 'icon-source.png'))))
for (const [name, contents] of files) {
  const target = path.join(BUILD_DIR, name)
  mkdirSync(path.dirname(target), { recursive: true })
  writeFileSync(target, contents)
}
console.log(`Wrote ${files.size} icon files to ${BUILD_DIR}`)
