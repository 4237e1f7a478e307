// File attachments (XEP-0363 uploads shared as XEP-0066 OOB links): the caps both sides apply, the
// name a link's path gives a file, how a name is made safe to show, and which files the OS may
// open for us. Layer: shared (pure).

export const FILE_LIMITS = {
  /** The largest file we stage for upload, whatever the server would take. */
  uploadBytes: 100 * 1024 * 1024,
  /** Raw bytes per staging chunk: base64 of it fits the browser host's 256 KiB frames. */
  chunkBytes: 128 * 1024,
  /** The largest picture downloaded for an inline preview. */
  previewBytes: 16 * 1024 * 1024,
  /** The largest file downloaded for Save… or Open (held in memory while it arrives). */
  downloadBytes: 100 * 1024 * 1024,
  /** A name longer than this (in characters) is cut, keeping its extension. */
  nameChars: 200,
} as const

// Bidi embeddings/overrides/isolates/marks (U+202A–E, U+2066–9, U+200E/F, U+061C), zero-width
// characters, word joiner, BOM, soft hyphen, and C0/C1 controls: a name shows none of them as such.
const HIDDEN = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u200b-\u200d\u2060\ufeff\u00ad\u0000-\u001f\u007f-\u009f]/gu

/**
 * The name as it may be shown: every bidi control, invisible character and control character
 * becomes a visible U+FFFD, so `invoice\u202Efdp.exe` reads `invoice�fdp.exe`, never `invoiceexe.pdf`.
 */
export function neutralizeFileName(name: string): string {
  const clean = name.replace(HIDDEN, '\ufffd').trim()
  if (clean.length <= FILE_LIMITS.nameChars) return clean || 'file'
  const ext = extensionOf(clean)
  return `${clean.slice(0, FILE_LIMITS.nameChars - ext.length - 2)}…${ext ? `.${ext}` : ''}`
}

// The WHATWG URL parser exists in every runtime we target, but shared/ compiles without DOM or
// Node types (see linkify.ts).
const WhatwgUrl = (globalThis as unknown as { URL: new (input: string) => { pathname: string } }).URL

/** The last segment of a link's path, percent-decoded where that is valid; 'file' when there is none. */
export function fileNameFromUrl(url: string): string {
  let path: string
  try {
    path = new WhatwgUrl(url).pathname
  } catch {
    return 'file'
  }
  const segment = path.slice(path.lastIndexOf('/') + 1)
  let name = segment
  try {
    name = decodeURIComponent(segment)
  } catch {
    // Not valid percent-encoding: keep the segment as it came.
  }
  // A decoded %2F or backslash must not read as a folder.
  name = name.replace(/[/\\]/gu, '_')
  return name === '' || name === '.' || name === '..' ? 'file' : name
}

/** Lowercase extension without the dot; '' when the name has none. */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.')
  return dot > 0 && dot < name.length - 1 ? name.slice(dot + 1).toLowerCase() : ''
}

const IMAGE_EXTENSIONS = new Set(['png', 'jpg', 'jpeg', 'gif', 'webp'])

/** Whether the name says "picture we can preview" (the bytes are checked again when fetched). */
export function looksLikeImage(name: string): boolean {
  return IMAGE_EXTENSIONS.has(extensionOf(name))
}

/** Names a shared link's path must end in to be shown as a file when the sender did not say so (no OOB). */
const FILE_EXTENSIONS = new Set([
  ...IMAGE_EXTENSIONS,
  'pdf', 'txt', 'md', 'csv', 'zip', 'tar', 'gz', '7z', 'mp3', 'm4a', 'ogg', 'oga', 'opus', 'wav', 'flac',
  'mp4', 'm4v', 'webm', 'mkv', 'mov', 'odt', 'ods', 'odp', 'doc', 'docx', 'xls', 'xlsx', 'ppt', 'pptx', 'epub',
])

export function looksLikeFile(name: string): boolean {
  return FILE_EXTENSIONS.has(extensionOf(name))
}

/**
 * Files the OS may open for us without asking: documents, pictures and media, by extension. Not
 * executables, scripts, installers, shortcuts, HTML or macro-capable office files (an allowlist,
 * so an unknown extension is never opened); those can only be saved.
 */
const OPENABLE = new Set([
  ...IMAGE_EXTENSIONS,
  'pdf', 'txt', 'md', 'csv', 'mp3', 'm4a', 'ogg', 'oga', 'opus', 'wav', 'flac', 'mp4', 'm4v', 'webm', 'mkv', 'mov',
  'odt', 'ods', 'odp', 'docx', 'xlsx', 'pptx', 'epub',
])

export function safeToOpen(name: string): boolean {
  return OPENABLE.has(extensionOf(name))
}

/** "812 B", "4.2 KB", "10 MB" (decimal units, as file managers show them). */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`
  const units = ['KB', 'MB', 'GB', 'TB']
  let value = bytes / 1000
  let unit = 0
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000
    unit++
  }
  return `${value >= 10 ? Math.round(value) : Math.round(value * 10) / 10} ${units[unit]}`
}
