// Turns whatever a connection attempt threw (Node socket/TLS errors, SASL failures, stream errors,
// our own TLS requirement) into a kind the UI can act on and a sentence a person understands.
// Layer: electron/core (pure).
import type { ConnectionErrorKind } from '../../../shared/types/domain'

export interface ClassifiedError {
  kind: ConnectionErrorKind
  message: string
  /** False for errors retrying cannot fix (wrong password, bad certificate, no TLS). */
  retryable: boolean
}

/** Thrown by our SASL hook when the server never offered TLS. */
export class TlsRequiredError extends Error {
  constructor() {
    super('The server does not offer an encrypted connection (STARTTLS), so the password was not sent.')
    this.name = 'TlsRequiredError'
  }
}

const CERT_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
  'HOSTNAME_MISMATCH',
])

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'ECONNRESET', 'EAI_AGAIN', 'EPIPE'])

function certificateMessage(code: string): string {
  switch (code) {
    case 'CERT_HAS_EXPIRED':
      return 'The server’s certificate has expired, so the connection is not safe.'
    case 'CERT_NOT_YET_VALID':
      return 'The server’s certificate is not valid yet (check the computer’s clock).'
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
    case 'HOSTNAME_MISMATCH':
      return 'The server’s certificate was issued for a different name than this server.'
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
      return 'The server’s certificate is self-signed and not trusted.'
    default:
      return 'The server’s certificate could not be verified, so the connection is not safe.'
  }
}

export function classifyConnectionError(error: unknown): ClassifiedError {
  if (error instanceof TlsRequiredError) return { kind: 'no-tls', message: error.message, retryable: false }
  const err = error as { name?: string; code?: string; condition?: string; message?: string } | undefined
  const code = err?.code ?? ''
  if (CERT_CODES.has(code)) return { kind: 'certificate', message: certificateMessage(code), retryable: false }
  if (err?.name === 'SASLError') {
    if (err.condition === 'not-authorized' || err.condition === 'invalid-authzid' || err.condition === 'credentials-expired')
      return { kind: 'auth-failed', message: 'Wrong address or password.', retryable: false }
    if (err.condition === 'account-disabled') return { kind: 'auth-failed', message: 'This account is disabled on the server.', retryable: false }
    return { kind: 'auth-failed', message: `The server refused to sign in (${err.condition ?? 'unknown reason'}).`, retryable: false }
  }
  if (NETWORK_CODES.has(code)) {
    const what = code === 'ENOTFOUND' || code === 'EAI_AGAIN' ? 'could not be found' : 'could not be reached'
    return { kind: 'unreachable', message: `The server ${what} (${code}).`, retryable: true }
  }
  if (err?.name === 'StreamError') {
    if (err.condition === 'conflict')
      return { kind: 'conflict', message: 'Signed in from another place with the same resource.', retryable: true }
    if (err.condition === 'host-unknown') return { kind: 'stream-error', message: 'This server does not host that domain.', retryable: false }
    if (err.condition === 'policy-violation' || err.condition === 'not-authorized')
      return { kind: 'stream-error', message: `The server closed the connection (${err.condition}).`, retryable: false }
    return { kind: 'stream-error', message: `The server closed the connection (${err.condition ?? 'stream error'}).`, retryable: true }
  }
  if (err?.message === 'STARTTLS_FAILURE')
    return { kind: 'no-tls', message: 'The server could not start an encrypted connection.', retryable: false }
  if (err?.name === 'TimeoutError') return { kind: 'unreachable', message: 'The server did not answer in time.', retryable: true }
  return { kind: 'protocol', message: `Connection failed: ${err?.message ?? String(error)}`, retryable: true }
}
