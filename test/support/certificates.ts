// Test certificates made with the openssl CLI: a throwaway CA and one server certificate signed by
// it, valid, expired or issued for the wrong name. Tests trust the CA only (never "verification
// off"), so a rejected certificate fails for exactly the reason the test is about.
import { execFile } from 'node:child_process'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

export type CertificateKind = 'valid' | 'expired' | 'wrong-name'

export interface TestCertificates {
  /** PEM of the CA to trust. */
  caCert: string
  caPath: string
  /** The server's certificate and key, for the server's config. */
  certPath: string
  keyPath: string
}

/** Where the 'wrong-name' certificate is issued for: a name no test connects to. */
export const WRONG_NAME = 'wrong-name.invalid'

/** Writes a CA and a server certificate of the given kind for `domain` into `dir`. */
export async function makeCertificates(dir: string, domain: string, kind: CertificateKind): Promise<TestCertificates> {
  const caPath = join(dir, 'ca.crt')
  const caKey = join(dir, 'ca.key')
  const certPath = join(dir, 'server.crt')
  const keyPath = join(dir, 'server.key')
  const csrPath = join(dir, 'server.csr')
  const configPath = join(dir, 'ca.cnf')
  const name = kind === 'wrong-name' ? WRONG_NAME : domain
  // The subdomains are the ones an XMPP server commonly serves (MUC, upload), for suites that add them.
  const altNames = [name, `conference.${name}`, `upload.${name}`].map((n) => `DNS:${n}`).join(',')

  // EC keys: generating them takes milliseconds, RSA noticeably longer per test file.
  const newKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes']
  await openssl(['req', '-x509', ...newKey, '-keyout', caKey, '-out', caPath, '-days', '30',
    '-subj', '/CN=xmpp-desk test CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'])
  await openssl(['req', '-new', ...newKey, '-keyout', keyPath, '-out', csrPath, '-subj', `/CN=${name}`])

  // `openssl ca` rather than `openssl x509 -req`: OpenSSL 3.0 (Debian 12) can set an explicit
  // validity window in the past only there (-startdate/-enddate), which an expired certificate needs.
  await writeFile(join(dir, 'index.txt'), '')
  await writeFile(join(dir, 'serial'), '01\n')
  await writeFile(configPath, [
    '[ca]', 'default_ca = test_ca',
    '[test_ca]',
    `database = ${join(dir, 'index.txt')}`, `serial = ${join(dir, 'serial')}`, `new_certs_dir = ${dir}`,
    'default_md = sha256', 'policy = any_name', 'copy_extensions = none', 'unique_subject = no',
    '[any_name]', 'commonName = supplied',
    '[server]', `subjectAltName = ${altNames}`, 'basicConstraints = CA:FALSE',
    'keyUsage = critical,digitalSignature', 'extendedKeyUsage = serverAuth',
    '',
  ].join('\n'))
  const validity = kind === 'expired' ? ['-startdate', '20200101000000Z', '-enddate', '20200201000000Z'] : ['-days', '30']
  await openssl(['ca', '-batch', '-notext', '-config', configPath, '-cert', caPath, '-keyfile', caKey,
    '-extensions', 'server', '-in', csrPath, '-out', certPath, ...validity])

  return { caCert: await readFile(caPath, 'utf8'), caPath, certPath, keyPath }
}

// A failure's message is "Command failed: openssl ..." followed by openssl's stderr.
async function openssl(args: string[]): Promise<void> {
  await run('openssl', args)
}
