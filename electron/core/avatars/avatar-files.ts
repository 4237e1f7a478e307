// The avatar cache on disk: <dataDir>/avatars/<sha1>.<ext>, one file per picture however many
// contacts use it. Only bytes whose SHA-1 is the name they are stored under and whose magic bytes
// are an image we show get in, so a file read back needs no second check; names are built only
// from a 40-hex hash and our own extension table, never from anything a peer sent as a path.
// Writes are atomic (temporary file, fsync, rename). Layer: electron/core (Node).
import { randomUUID } from 'node:crypto'
import { access, mkdir, open, readFile, rename, rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { ImageType } from '../../../shared/types/profile-limits'
import { sniffImageType } from '../../../shared/util/image-type'
import { isAvatarHash, sha1Hex } from '../xmpp/features/avatar'

const EXTENSIONS: Readonly<Record<ImageType, string>> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/webp': 'webp', 'image/gif': 'gif' }

export interface CachedAvatar {
  type: ImageType
  bytes: Buffer
}

export class AvatarFiles {
  constructor(private readonly dir: string) {}

  /** Stores bytes under `hash` when they verify; false (nothing written) when they do not. */
  async store(hash: string, bytes: Buffer): Promise<boolean> {
    const type = sniffImageType(bytes)
    if (!isAvatarHash(hash) || !type || sha1Hex(bytes) !== hash) return false
    await mkdir(this.dir, { recursive: true })
    const target = join(this.dir, `${hash}.${EXTENSIONS[type]}`)
    const temporary = join(this.dir, `.${hash}.${randomUUID()}.tmp`)
    const file = await open(temporary, 'wx')
    try {
      await file.writeFile(bytes)
      await file.sync()
    } finally {
      await file.close()
    }
    try {
      await rename(temporary, target)
    } catch (error) {
      await rm(temporary, { force: true })
      throw error
    }
    return true
  }

  /** The file holding the picture for `hash` (for hosts that show pictures by path), or null. */
  async pathOf(hash: string): Promise<string | null> {
    if (!isAvatarHash(hash)) return null
    for (const extension of Object.values(EXTENSIONS)) {
      const path = join(this.dir, `${hash}.${extension}`)
      if (await access(path).then(() => true, () => false)) return path
    }
    return null
  }

  /** The cached picture for `hash`, or null when there is none. */
  async read(hash: string): Promise<CachedAvatar | null> {
    if (!isAvatarHash(hash)) return null
    for (const [type, extension] of Object.entries(EXTENSIONS) as [ImageType, string][]) {
      const bytes = await readFile(join(this.dir, `${hash}.${extension}`)).catch(() => null)
      if (bytes) return { type, bytes }
    }
    return null
  }
}

/** A cached picture as the renderer may show it (its CSP allows data: images). */
export function dataUrl(avatar: CachedAvatar): string {
  return `data:${avatar.type};base64,${avatar.bytes.toString('base64')}`
}

/** The cache of one data folder. */
export function avatarFilesIn(dataDir: string): AvatarFiles {
  return new AvatarFiles(join(dataDir, 'avatars'))
}
