// Handing a file (picked, dropped or pasted) to the core for upload: staged in order in chunks
// of FILE_LIMITS.chunkBytes as base64 (the same path for both hosts: Electron IPC and the
// browser host's size-capped WebSocket frames), then `files:upload`, which uploads from the core
// and sends the link. The renderer never talks to the upload server itself. Layer: renderer (pure logic).
import type { ChatMessage } from '../../../../shared/types/domain'
import { FILE_LIMITS, formatBytes } from '../../../../shared/util/attachment'
import type { RendererApi } from '../api'

/** The part of a DOM File used here (a Blob with a name). */
export interface FileLike {
  readonly name: string
  readonly type: string
  readonly size: number
  slice(start: number, end: number): { arrayBuffer(): Promise<ArrayBuffer> }
}

/** Base64 of bytes, built in slices (spreading a whole chunk into fromCharCode overflows the stack). */
export function base64Of(bytes: Uint8Array): string {
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(binary)
}

/** Why a file cannot be sent, before the core is asked; null when it may be tried. */
export function refusal(file: FileLike, maxFileSize: number | null): string | null {
  if (file.size === 0) return 'The file is empty.'
  const limit = Math.min(maxFileSize ?? Infinity, FILE_LIMITS.uploadBytes)
  return file.size > limit ? `The file is ${formatBytes(file.size)}; files up to ${formatBytes(limit)} can be sent.` : null
}

/** A pasted picture has no useful name ("image.png"): give it one that says when. */
export function pastedName(file: FileLike, now: Date): string {
  const ext = file.type === 'image/jpeg' ? 'jpg' : (file.type.split('/')[1] ?? 'bin').replace(/[^a-z0-9]/gu, '')
  const stamp = now.toISOString().slice(0, 19).replace(/[:T]/gu, '-')
  return `pasted-${stamp}.${ext || 'bin'}`
}

/** Stages the file with the core; resolves with the core's upload id. */
export async function stageFile(api: RendererApi, conversation: string, file: FileLike, name = file.name): Promise<string> {
  const { upload } = await api.invoke('files:stage', { conversation, name, mediaType: file.type, size: file.size })
  for (let offset = 0; offset < file.size; offset += FILE_LIMITS.chunkBytes) {
    const bytes = new Uint8Array(await file.slice(offset, Math.min(file.size, offset + FILE_LIMITS.chunkBytes)).arrayBuffer())
    await api.invoke('files:stage-chunk', { upload, offset, data: base64Of(bytes) })
  }
  return upload
}

export function uploadStaged(api: RendererApi, upload: string): Promise<ChatMessage> {
  return api.invoke('files:upload', { upload })
}
