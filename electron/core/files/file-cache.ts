// Shared files fetched for the user, in the core: pictures for an inline preview (PNG, JPEG, GIF
// or WebP by their magic bytes, never SVG, at most FILE_LIMITS.previewBytes) and any file for
// Save… or Open (at most FILE_LIMITS.downloadBytes). https only (plain http to loopback only with
// the developer option), no redirects, certificates checked (file-upload.ts). What arrived is kept
// in `<data dir>/files/<sha256 of the link>/<safe name>`, so a second look costs no request.
// Whether a fetch may happen at all is the caller's decision (file-sharing.ts). Layer: electron/core (Node).
import { createHash, randomUUID } from 'node:crypto'
import { mkdir, readFile, readdir, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { IMAGE_TYPES, type ImageType } from '../../../shared/types/profile-limits'
import { FILE_LIMITS, extensionOf, neutralizeFileName } from '../../../shared/util/attachment'
import { sniffImageType } from '../../../shared/util/image-type'
import { downloadFile, TransferError, type TransferOptions } from '../file-upload'

/** Names Windows keeps for devices, with any extension: "nul.txt" is the null device too. */
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\.|$)/iu

/** Every top-level media type: a file to save may be anything (it is never rendered). */
const ANY_TYPE = ['application/*', 'audio/*', 'font/*', 'image/*', 'model/*', 'text/*', 'video/*']

export interface Picture {
  mediaType: ImageType
  data: Buffer
}

export class FileCache {
  readonly #dir: string

  constructor(
    dataDir: string,
    private readonly transfer: () => TransferOptions,
  ) {
    this.#dir = join(dataDir, 'files')
  }

  /** The picture at `url` (cached or fetched now), checked by its bytes. */
  async picture(url: string, name: string): Promise<Picture> {
    const cached = await this.#cached(url)
    const bytes = cached ? await readFile(cached) : (await this.#fetch(url, name, FILE_LIMITS.previewBytes, IMAGE_TYPES)).data
    // A file saved earlier may be larger than any picture we show inline.
    if (bytes.length > FILE_LIMITS.previewBytes) throw new TransferError('too-large', 'This picture is too large to show here')
    const mediaType = sniffImageType(bytes)
    if (!mediaType) throw new TransferError('bad-type', 'This file is not a PNG, JPEG, GIF or WebP picture')
    return { mediaType, data: bytes }
  }

  /** The file at `url` on disk (cached or fetched now): its path. */
  async file(url: string, name: string): Promise<string> {
    return (await this.#cached(url)) ?? (await this.#fetch(url, name, FILE_LIMITS.downloadBytes, ANY_TYPE)).path
  }

  /** Keeps a file we uploaded ourselves as the cached copy of its link (moved, not copied). */
  async adopt(url: string, name: string, path: string): Promise<void> {
    const folder = this.#folderOf(url)
    await mkdir(folder, { recursive: true })
    await rename(path, join(folder, diskName(name)))
  }

  async #fetch(url: string, name: string, maxBytes: number, allowedTypes: readonly string[]): Promise<{ data: Buffer; path: string }> {
    const { data } = await downloadFile(url, { ...this.transfer(), maxBytes, allowedTypes })
    const folder = this.#folderOf(url)
    await mkdir(folder, { recursive: true })
    const path = join(folder, diskName(name))
    // Complete or absent: a crash mid-write leaves only the temporary file (one per fetch, so two
    // fetches of the same link never write into each other).
    const part = `${folder}.${randomUUID()}.part`
    await writeFile(part, data, { mode: 0o600 })
    await rename(part, path)
    return { data, path }
  }

  async #cached(url: string): Promise<string | null> {
    const folder = this.#folderOf(url)
    const names = await readdir(folder).catch(() => [])
    return names[0] ? join(folder, names[0]) : null
  }

  #folderOf(url: string): string {
    return join(this.#dir, createHash('sha256').update(url).digest('hex'))
  }
}

/**
 * A name that is safe as one file name on every OS: visible characters only, no separators or
 * characters Windows refuses, none of its reserved device names (CON, NUL, COM1…), no leading dot,
 * at most 120 characters with the extension kept.
 */
export function diskName(name: string): string {
  let safe = neutralizeFileName(name)
    .replace(/[\ufffd/\\:*?"<>|]/gu, '_')
    .replace(/^[.\s]+/u, '')
    .replace(/[.\s]+$/u, '')
  if (safe === '') safe = 'file'
  if (WINDOWS_DEVICE.test(safe)) safe = `_${safe}`
  if (safe.length > 120) {
    const ext = extensionOf(safe).slice(0, 16)
    safe = `${safe.slice(0, 120 - ext.length - 1)}${ext ? `.${ext}` : ''}`
  }
  return safe
}
