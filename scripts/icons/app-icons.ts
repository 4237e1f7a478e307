// Every icon the app ships, derived from one source image (build/icon-source.png, 1024 px):
// Linux PNG sizes, the Windows .ico, the macOS .icns, and the tray icons: one per own presence,
// marked by a badge (colour and shape, so it does not rely on colour alone), each also with an
// unread dot. Pure: source pixels in, file contents out. Layer: build script.
import type { OwnShow } from '../../shared/types/domain'
import { PRESENCE_CHOICES, trayIcon } from '../../electron/core/presence/presence-menu'
import { encodeIcns, encodeIco } from './containers'
import { encodePng, type RgbaImage } from './png'
import { cutOut, disc, greyed, paint, rect, ring, shrink, type Rgb, type Shape } from './raster'

export const SOURCE_SIZE = 1024
export const LINUX_SIZES = [16, 32, 48, 64, 128, 256, 512]
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256]
/** The PNG-bearing icns types and their pixel sizes (the @2x types repeat a size). */
export const ICNS_ENTRIES: ReadonlyArray<readonly [string, number]> = [
  ['icp4', 16],
  ['icp5', 32],
  ['ic11', 32],
  ['ic12', 64],
  ['ic07', 128],
  ['ic13', 256],
  ['ic08', 256],
  ['ic14', 512],
  ['ic09', 512],
  ['ic10', 1024],
]
/** Tray icons at 1× and 2×; Electron picks the @2x file on HiDPI screens. */
export const TRAY_SCALES: ReadonlyArray<readonly [number, string]> = [
  [16, ''],
  [32, '@2x'],
]

const GREEN: Rgb = [0x2f, 0xb3, 0x44]
const AMBER: Rgb = [0xf5, 0x9f, 0x00]
const RED: Rgb = [0xc9, 0x2a, 0x2a]
const GREY: Rgb = [0x86, 0x8e, 0x96]
const WHITE: Rgb = [0xff, 0xff, 0xff]
const UNREAD: Rgb = [0xfa, 0x52, 0x52]

/** Presence badge, bottom right; unread dot, top right (unit-square coordinates). */
const BADGE = { cx: 0.75, cy: 0.75, r: 0.23 }
const DOT = { cx: 0.8, cy: 0.2, r: 0.17 }
/** Transparent gap around a badge, so it reads on top of the icon at 16 px. */
const GAP = 0.07

const full = disc(BADGE.cx, BADGE.cy, BADGE.r)
const hollow = ring(BADGE.cx, BADGE.cy, BADGE.r, BADGE.r * 0.5)
const bar = rect(BADGE.cx - BADGE.r * 0.6, BADGE.cy - BADGE.r * 0.2, BADGE.cx + BADGE.r * 0.6, BADGE.cy + BADGE.r * 0.2)

/** Available: green disc; away: amber disc; extended away: amber ring; dnd: red disc with a bar; offline: grey ring. */
const PRESENCE_MARKS: Record<OwnShow, ReadonlyArray<readonly [Shape, Rgb]>> = {
  available: [[full, GREEN]],
  away: [[full, AMBER]],
  xa: [[hollow, AMBER]],
  dnd: [
    [full, RED],
    [bar, WHITE],
  ],
  offline: [[hollow, GREY]],
}

export function trayImage(base: RgbaImage, show: OwnShow, unread: boolean): RgbaImage {
  let image = show === 'offline' ? greyed(base, 0.6) : base
  image = cutOut(image, disc(BADGE.cx, BADGE.cy, BADGE.r + GAP))
  for (const [shape, colour] of PRESENCE_MARKS[show]) image = paint(image, shape, colour)
  if (!unread) return image
  return paint(cutOut(image, disc(DOT.cx, DOT.cy, DOT.r + GAP)), disc(DOT.cx, DOT.cy, DOT.r), UNREAD)
}

/** File contents by path relative to build/. */
export function generateIcons(source: RgbaImage): Map<string, Buffer> {
  if (source.width !== SOURCE_SIZE || source.height !== SOURCE_SIZE) throw new Error(`The icon source must be ${SOURCE_SIZE}×${SOURCE_SIZE} px`)
  const sized = new Map<number, RgbaImage>()
  const at = (size: number): RgbaImage => {
    let image = sized.get(size)
    if (image === undefined) {
      image = size === SOURCE_SIZE ? source : shrink(source, size)
      sized.set(size, image)
    }
    return image
  }
  const files = new Map<string, Buffer>()
  for (const size of LINUX_SIZES) files.set(`icons/${size}x${size}.png`, encodePng(at(size)))
  files.set('icon.ico', encodeIco(ICO_SIZES.map(at)))
  files.set('icon.icns', encodeIcns(ICNS_ENTRIES.map(([type, size]) => [type, at(size)] as const)))
  for (const show of PRESENCE_CHOICES) {
    for (const unread of [false, true]) {
      for (const [size, suffix] of TRAY_SCALES) {
        files.set(`tray/tray-${trayIcon(show, unread ? 1 : 0)}${suffix}.png`, encodePng(trayImage(at(size), show, unread)))
      }
    }
  }
  return files
}
