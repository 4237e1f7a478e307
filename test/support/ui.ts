// Steps through the real UI shared by the end-to-end tests (Chromium via playwright-core).
import type { Page } from 'playwright-core'
import { expect } from 'vitest'
import type { ProsodyServer } from './prosody'

/** Signs in through the sign-in form, with the throwaway server's host and port, and waits until signed in. */
export async function signInThroughUi(page: Page, server: ProsodyServer, user: string, password: string): Promise<void> {
  await page.getByLabel('Address', { exact: true }).fill(`${user}@${server.domain}`)
  await page.getByLabel('Password', { exact: true }).fill(password)
  await page.getByText('Connection settings').click()
  await page.getByLabel('Host').fill(server.host)
  await page.getByLabel('Port').fill(String(server.c2sPort))
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect.poll(() => page.getByRole('button', { name: 'Sign out' }).isVisible(), { timeout: 20_000 }).toBe(true)
}
