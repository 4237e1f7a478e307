// The app:// scheme: serves the built renderer (and nothing else) to our window, with a strict
// Content-Security-Policy header on every response. Replaces file://, which would expose the whole
// disk to a compromised renderer (Electron security checklist #18). Layer: electron/main.
import { realpath, readFile, stat } from 'node:fs/promises'
import path from 'node:path'

export const APP_SCHEME = 'app'
export const APP_HOST = 'xmpp-desk'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`

/** The renderer talks to nothing but the core over IPC, so it needs no network at all. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
].join('; ')

/** The part of Electron's `protocol` needed before the app is ready. */
export interface SchemeRegistry {
  registerSchemesAsPrivileged(schemes: Array<{ scheme: string; privileges: { standard: boolean; secure: boolean } }>): void
}

/**
 * Must run before `app` is ready. `standard` gives the scheme real origins and relative URL
 * resolution; `secure` makes it a secure context. `corsEnabled` stays off so no other origin can
 * read our files.
 */
export function registerAppScheme(registry: SchemeRegistry): void {
  registry.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true } }])
}

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
}

function response(status: number, body: Uint8Array<ArrayBuffer> | string, contentType: string): Response {
  return new Response(body, {
    status,
    headers: {
      'Content-Type': contentType,
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
    },
  })
}

function failure(status: 404 | 405): Response {
  return response(status, status === 404 ? 'Not found' : 'Method not allowed', 'text/plain; charset=utf-8')
}

/** True when `candidate` lies strictly inside `root`. */
function isInside(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate)
  if (relative === '' || path.isAbsolute(relative)) return false
  return relative !== '..' && !relative.startsWith(`..${path.sep}`)
}

/**
 * Maps a request URL to a file under `rootDir`, or null when the URL does not name one: wrong
 * origin, undecodable path, NUL byte, backslash, absolute path or `..` escaping the root.
 */
export function resolveAppPath(rootDir: string, requestUrl: string): string | null {
  let url: URL
  try {
    url = new URL(requestUrl)
  } catch {
    return null
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null
  let decoded: string
  try {
    decoded = decodeURIComponent(url.pathname)
  } catch {
    return null
  }
  // Backslashes are separators on Windows; no file we ship has one in its name.
  if (decoded.includes('\0') || decoded.includes('\\')) return null
  const relative = decoded === '/' ? 'index.html' : decoded.slice(1)
  // "//etc/passwd" or "/C:/Windows" would otherwise name a file outside the root.
  if (relative === '' || path.isAbsolute(relative) || /^[a-z]:/iu.test(relative)) return null
  const root = path.resolve(rootDir)
  const candidate = path.resolve(root, relative)
  return isInside(root, candidate) ? candidate : null
}

export interface AppProtocolOptions {
  /** The built renderer folder (out/renderer). */
  rootDir: string
}

export function createAppProtocolHandler(options: AppProtocolOptions): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return failure(405)
    const candidate = resolveAppPath(options.rootDir, request.url)
    if (candidate === null) return failure(404)
    try {
      // A symlink inside the root must not lead out of it either.
      const [realRoot, realFile] = await Promise.all([realpath(options.rootDir), realpath(candidate)])
      if (!isInside(realRoot, realFile) || !(await stat(realFile)).isFile()) return failure(404)
      const type = MIME_TYPES[path.extname(realFile).toLowerCase()] ?? 'application/octet-stream'
      return response(200, await readFile(realFile), type)
    } catch {
      return failure(404)
    }
  }
}
