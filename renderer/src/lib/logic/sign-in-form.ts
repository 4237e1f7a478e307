// Turns the sign-in form into an `account:sign-in` request, or says what is wrong with it.
// Layer: renderer (pure logic).
import type { CommandRequest } from '../../../../shared/ipc/contract'
import { isAccountJid } from '../../../../shared/types/jid'

export interface SignInFields {
  address: string
  password: string
  rememberPassword: boolean
  host: string
  port: string
  directTls: boolean
}

export type SignInRequest = CommandRequest<'account:sign-in'>

/** Whether an empty password may be submitted: the address is the saved account and its password is in the keychain. */
export function canUseSavedPassword(address: string, saved: { jid: string; hasSavedPassword: boolean } | null): boolean {
  return saved !== null && saved.hasSavedPassword && address.trim().toLowerCase() === saved.jid.toLowerCase()
}

export function buildSignInRequest(
  fields: SignInFields,
  saved: { jid: string; hasSavedPassword: boolean } | null,
): { ok: true; request: SignInRequest } | { ok: false; message: string; field: keyof SignInFields } {
  const jid = fields.address.trim()
  if (!isAccountJid(jid)) return { ok: false, message: 'Enter your address as name@example.org.', field: 'address' }
  if (fields.password === '' && !canUseSavedPassword(jid, saved)) {
    return { ok: false, message: 'Enter your password.', field: 'password' }
  }
  const host = fields.host.trim()
  if (host.length > 253 || /\s|\//u.test(host)) return { ok: false, message: 'Enter a valid host name.', field: 'host' }
  const portText = fields.port.trim()
  let port: number | null = null
  if (portText !== '') {
    port = /^\d{1,5}$/u.test(portText) ? Number(portText) : NaN
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      return { ok: false, message: 'The port must be a number from 1 to 65535.', field: 'port' }
    }
  }
  return {
    ok: true,
    request: {
      jid,
      password: fields.password,
      rememberPassword: fields.rememberPassword,
      host: host === '' ? null : host,
      port,
      directTls: fields.directTls,
    },
  }
}
