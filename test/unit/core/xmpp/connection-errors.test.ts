import { once } from 'node:events'
import { createConnection, createServer, type AddressInfo } from 'node:net'
import StreamError from '@xmpp/connection/lib/StreamError.js'
import SASLError from '@xmpp/sasl/lib/SASLError.js'
import { describe, expect, it } from 'vitest'
import { TlsRequiredError, classifyConnectionError } from '../../../../electron/core/xmpp/connection-errors'
import { parseStanza } from '../../../support/parse-xml'

/** A Node system error as the tls/net modules produce it. */
function nodeError(code: string, message = code): Error {
  return Object.assign(new Error(message), { code })
}

/** The failure the SASL module would build from the server's <failure/>. */
function saslFailure(condition: string): SASLError {
  return SASLError.fromElement(parseStanza(`<failure xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><${condition}/><text>nope</text></failure>`))
}

function streamError(condition: string): StreamError {
  return StreamError.fromElement(parseStanza(`<stream:error><${condition} xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error>`))
}

describe('classifyConnectionError', () => {
  it.each([
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
  ])('reports TLS error %s as a certificate problem that retrying cannot fix', (code) => {
    const result = classifyConnectionError(nodeError(code))
    expect(result.kind).toBe('certificate')
    expect(result.retryable).toBe(false)
  })

  it('explains the specific certificate problems in words', () => {
    expect(classifyConnectionError(nodeError('CERT_HAS_EXPIRED')).message).toBe('The server’s certificate has expired, so the connection is not safe.')
    expect(classifyConnectionError(nodeError('ERR_TLS_CERT_ALTNAME_INVALID')).message).toBe('The server’s certificate was issued for a different name than this server.')
    expect(classifyConnectionError(nodeError('DEPTH_ZERO_SELF_SIGNED_CERT')).message).toBe('The server’s certificate is self-signed and not trusted.')
    expect(classifyConnectionError(nodeError('CERT_REVOKED')).message).toBe('The server’s certificate could not be verified, so the connection is not safe.')
  })

  it('reports SASL not-authorized as a wrong password, not retryable', () => {
    expect(classifyConnectionError(saslFailure('not-authorized'))).toEqual({ kind: 'auth-failed', message: 'Wrong address or password.', retryable: false })
  })

  it('reports a disabled account and other SASL refusals as auth failures', () => {
    expect(classifyConnectionError(saslFailure('account-disabled'))).toEqual({ kind: 'auth-failed', message: 'This account is disabled on the server.', retryable: false })
    expect(classifyConnectionError(saslFailure('temporary-auth-failure'))).toEqual({
      kind: 'auth-failed',
      message: 'The server refused to sign in (temporary-auth-failure).',
      retryable: false,
    })
  })

  it('reports a refused TCP connection (a real ECONNREFUSED) as unreachable and retryable', async () => {
    const server = createServer()
    server.listen(0, '127.0.0.1')
    await once(server, 'listening')
    const { port } = server.address() as AddressInfo
    await new Promise<void>((done) => server.close(() => done()))
    const socket = createConnection({ host: '127.0.0.1', port })
    const [error] = (await once(socket, 'error').catch((e: unknown) => [e])) as [unknown]
    expect(classifyConnectionError(error)).toEqual({ kind: 'unreachable', message: 'The server could not be reached (ECONNREFUSED).', retryable: true })
  })

  it('says "could not be found" for DNS failures', () => {
    expect(classifyConnectionError(nodeError('ENOTFOUND'))).toEqual({ kind: 'unreachable', message: 'The server could not be found (ENOTFOUND).', retryable: true })
  })

  it('reports our own TLS requirement as no-tls, not retryable', () => {
    const error = new TlsRequiredError()
    expect(classifyConnectionError(error)).toEqual({ kind: 'no-tls', message: error.message, retryable: false })
  })

  it('reports a failed STARTTLS negotiation as no-tls', () => {
    expect(classifyConnectionError(new Error('STARTTLS_FAILURE'))).toEqual({ kind: 'no-tls', message: 'The server could not start an encrypted connection.', retryable: false })
  })

  it('reports a resource conflict stream error as conflict, retryable', () => {
    expect(classifyConnectionError(streamError('conflict'))).toEqual({
      kind: 'conflict',
      message: 'Signed in from another place with the same resource.',
      retryable: true,
    })
  })

  it('does not retry after host-unknown or policy-violation stream errors', () => {
    expect(classifyConnectionError(streamError('host-unknown'))).toEqual({ kind: 'stream-error', message: 'This server does not host that domain.', retryable: false })
    expect(classifyConnectionError(streamError('policy-violation')).retryable).toBe(false)
    expect(classifyConnectionError(streamError('system-shutdown'))).toEqual({
      kind: 'stream-error',
      message: 'The server closed the connection (system-shutdown).',
      retryable: true,
    })
  })

  it('reports anything unknown as a retryable protocol failure with its message', () => {
    expect(classifyConnectionError(new Error('boom'))).toEqual({ kind: 'protocol', message: 'Connection failed: boom', retryable: true })
    expect(classifyConnectionError('weird')).toEqual({ kind: 'protocol', message: 'Connection failed: weird', retryable: true })
    expect(classifyConnectionError(undefined)).toEqual({ kind: 'protocol', message: 'Connection failed: undefined', retryable: true })
  })
})
