// Files: uploads of the user's files in progress (per conversation, with progress from
// `files:progress`, Cancel, and Retry after a failure, which stages the file again from the
// page's own copy), the server's upload limit (asked once per connection), and picture previews
// already shown (data: URLs from the core, a bounded few). Layer: renderer (Svelte state).
import { SvelteMap } from 'svelte/reactivity'
import type { RendererApi } from '../api'
import { refusal, stageFile, uploadStaged, type FileLike } from '../logic/file-transfer'

export interface UploadEntry {
  key: number
  conversation: string
  name: string
  size: number
  sent: number
  status: 'sending' | 'failed'
  error: string | null
}

export interface UploadLimit {
  available: boolean
  maxFileSize: number | null
}

/** Previews kept for scrolling back and forth; the core's disk cache has the rest. */
const MAX_PREVIEWS = 48

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

export class FilesStore {
  readonly #api: RendererApi
  #uploads = $state.raw<UploadEntry[]>([])
  #limit = $state.raw<UploadLimit | null>(null)
  readonly #previews = new SvelteMap<number, string>()
  /** The page's copy of each file (for Retry) and the core's upload id while it is staged. */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping only: nothing renders from it
  readonly #files = new Map<number, { file: FileLike; upload: string | null }>()
  #nextKey = 1
  readonly #unsubscribe: (() => void)[]

  constructor(api: RendererApi) {
    this.#api = api
    this.#unsubscribe = [
      api.on('files:progress', ({ upload, sent }) => {
        const key = [...this.#files].find(([, f]) => f.upload === upload)?.[0]
        if (key !== undefined) this.#update(key, { sent })
      }),
      api.on('connection:state', (state) => {
        if (state.status !== 'online') this.#limit = null
      }),
    ]
  }

  uploadsIn(conversation: string): UploadEntry[] {
    return this.#uploads.filter((u) => u.conversation === conversation)
  }

  /** The server's limit once known (null: not asked yet, or offline). */
  get limit(): UploadLimit | null {
    return this.#limit
  }

  async refreshLimit(): Promise<void> {
    try {
      this.#limit = await this.#api.invoke('files:upload-limit', null)
    } catch {
      this.#limit = null
    }
  }

  /** Sends a file to `conversation`; a failure stays listed with its reason and a Retry. */
  send(conversation: string, file: FileLike, name = file.name): void {
    const key = this.#nextKey++
    this.#files.set(key, { file, upload: null })
    this.#uploads = [...this.#uploads, { key, conversation, name, size: file.size, sent: 0, status: 'sending', error: null }]
    void this.#run(key, name)
  }

  retry(key: number): void {
    const entry = this.#uploads.find((u) => u.key === key)
    if (!entry || entry.status !== 'failed') return
    this.#update(key, { status: 'sending', error: null, sent: 0 })
    void this.#run(key, entry.name)
  }

  /** Stops the upload (or forgets a failed one) and removes it from the list. */
  async cancel(key: number): Promise<void> {
    const staged = this.#files.get(key)?.upload
    this.#files.delete(key)
    this.#uploads = this.#uploads.filter((u) => u.key !== key)
    if (staged) await this.#api.invoke('files:cancel', { upload: staged }).catch(() => {})
  }

  preview(messageId: number): string | null {
    return this.#previews.get(messageId) ?? null
  }

  /** Asks the core for a picture; 'ask' when it may only be fetched after a click. */
  async loadPreview(messageId: number, asked: boolean): Promise<'shown' | 'ask'> {
    const answer = await this.#api.invoke('files:preview', { messageId, asked })
    if (answer.status === 'ask') return 'ask'
    // Only a data: URL of a picture, whatever else might arrive.
    if (!/^data:image\/(png|jpeg|gif|webp);base64,/u.test(answer.dataUrl)) throw new Error('The picture could not be shown.')
    if (this.#previews.size >= MAX_PREVIEWS) this.#previews.delete(this.#previews.keys().next().value as number)
    this.#previews.set(messageId, answer.dataUrl)
    return 'shown'
  }

  async #run(key: number, name: string): Promise<void> {
    const held = this.#files.get(key)
    const entry = this.#uploads.find((u) => u.key === key)
    if (!held || !entry) return
    try {
      const refused = refusal(held.file, this.#limit?.maxFileSize ?? null)
      if (refused) throw new Error(refused)
      // A retry starts over: whatever the core still holds of an earlier attempt goes first.
      if (held.upload) await this.#api.invoke('files:cancel', { upload: held.upload }).catch(() => {})
      held.upload = null
      held.upload = await stageFile(this.#api, entry.conversation, held.file, name)
      if (!this.#files.has(key)) {
        // Cancelled while the bytes were on their way: the core forgets them too.
        await this.#api.invoke('files:cancel', { upload: held.upload }).catch(() => {})
        return
      }
      await uploadStaged(this.#api, held.upload)
      this.#files.delete(key)
      this.#uploads = this.#uploads.filter((u) => u.key !== key)
    } catch (error) {
      if (this.#files.has(key)) this.#update(key, { status: 'failed', error: messageOf(error) })
    }
  }

  #update(key: number, change: Partial<UploadEntry>): void {
    this.#uploads = this.#uploads.map((u) => (u.key === key ? { ...u, ...change } : u))
  }

  dispose(): void {
    for (const off of this.#unsubscribe) off()
  }
}
