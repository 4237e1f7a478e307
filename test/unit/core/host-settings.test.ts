import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createCore } from '../../../electron/core/app-core'
import type { CoreService, HostPorts } from '../../../electron/core/core-service'
import type { HostSettingsPort } from '../../../electron/core/host-settings'
import { MemorySecretStore } from '../../../electron/core/secrets/secret-store'
import type { HostSettings } from '../../../shared/types/notification-settings'

const started: { core: CoreService; dir: string }[] = []

async function startCore(settings?: HostSettingsPort): Promise<CoreService> {
  const dir = mkdtempSync(join(tmpdir(), 'xmpp-desk-settings-'))
  const ports: HostPorts = { openExternal: async () => undefined, ...(settings ? { settings } : {}) }
  const core = await createCore({ dataDir: dir, secrets: new MemorySecretStore(), ports, log: () => undefined })
  started.push({ core, dir })
  return core
}

afterEach(async () => {
  for (const { core, dir } of started.splice(0)) {
    await core.shutdown()
    rmSync(dir, { recursive: true, force: true })
  }
})

describe('settings:get / settings:set', () => {
  it('without a host store: defaults, then whatever was set, in memory', async () => {
    const core = await startCore()
    expect(await core.handle('settings:get', null)).toEqual({ ok: true, value: { notifications: { privacy: 'sender-and-text', sound: true } } })
    const next: HostSettings = { notifications: { privacy: 'nothing', sound: false } }
    expect(await core.handle('settings:set', next)).toEqual({ ok: true, value: null })
    expect(await core.handle('settings:get', null)).toEqual({ ok: true, value: next })
  })

  it('delegates to the host store, and refuses a value outside the contract before the host sees it', async () => {
    const saved: HostSettings[] = []
    const core = await startCore({ get: () => ({ notifications: { privacy: 'sender-only', sound: true } }), set: async (s) => void saved.push(s) })
    expect(await core.handle('settings:get', null)).toMatchObject({ value: { notifications: { privacy: 'sender-only' } } })
    await core.handle('settings:set', { notifications: { privacy: 'nothing', sound: false } })
    const refused = await core.handle('settings:set', { notifications: { privacy: 'everything', sound: false } })
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid-request' } })
    expect(saved).toEqual([{ notifications: { privacy: 'nothing', sound: false } }])
  })
})

describe('viewingConversation', () => {
  it('is the conversation the renderer last said it shows', async () => {
    const core = await startCore()
    expect(core.viewingConversation()).toBeNull()
    await core.handle('conversation:viewing', { conversation: 'juliet@capulet.example' })
    expect(core.viewingConversation()).toBe('juliet@capulet.example')
    await core.handle('conversation:viewing', { conversation: null })
    expect(core.viewingConversation()).toBeNull()
  })
})
