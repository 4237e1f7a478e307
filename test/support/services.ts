// Which real services (Prosody, Chromium, a Secret Service keyring) this machine has, and suites
// that need one. Locally a missing service skips the suite, with the reason in the suite's name and
// on stderr; with REQUIRE_SERVICES=1 (CI) it fails instead, so a broken install can never turn
// into a green run of skipped tests.
//
//   import { describeWithService } from '../support/services'
//   describeWithService('prosody', 'sign-in against a real server', () => {
//     beforeAll(...); it(...)            // an ordinary describe body
//   })
//
// Detection only looks for executables (synchronously, while the file is collected); whether a
// service then actually starts is the suite's own first assertion.
import { execFileSync } from 'node:child_process'
import { accessSync, constants } from 'node:fs'
import { delimiter, join } from 'node:path'
import { describe, it } from 'vitest'

export type ServiceName = 'prosody' | 'chromium' | 'keyring'

export interface ServiceCheck {
  available: boolean
  /** What is missing and how to install it; empty when available. */
  reason: string
}

const CHROMIUM = '/usr/bin/chromium'

/** Needs, per service: executables (a name is looked up on PATH) and the Debian packages that bring them. */
const NEEDS: Record<ServiceName, { executables: string[]; packages: string }> = {
  prosody: { executables: ['prosody', 'prosodyctl', 'openssl'], packages: 'prosody openssl' },
  chromium: { executables: [CHROMIUM], packages: 'chromium' },
  keyring: { executables: ['dbus-run-session', 'gnome-keyring-daemon', 'secret-tool'], packages: 'dbus gnome-keyring libsecret-tools' },
}

export function checkService(service: ServiceName): ServiceCheck {
  const { executables, packages } = NEEDS[service]
  const missing = executables.filter((name) => !isExecutable(name))
  return missing.length === 0
    ? { available: true, reason: '' }
    : { available: false, reason: `missing ${missing.join(', ')} (apt-get install -y ${packages})` }
}

/** Prosody on SQLite storage (`storage: 'sqlite'` in prosody.ts): Prosody plus LuaDBI's SQLite driver. */
export function checkProsodySql(): ServiceCheck {
  const prosody = checkService('prosody')
  if (!prosody.available) return prosody
  try {
    // Prosody 0.12 on Debian runs on Lua 5.4; mod_storage_sql loads LuaDBI's SQLite driver.
    execFileSync('lua5.4', ['-e', 'require "DBI"; require "dbd.sqlite3"'], { stdio: 'ignore' })
    return { available: true, reason: '' }
  } catch {
    return { available: false, reason: "Prosody's SQLite storage needs LuaDBI's driver (apt-get install -y lua-dbi-sqlite3)" }
  }
}

export const hasProsody = (): boolean => checkService('prosody').available
export const hasChromium = (): boolean => checkService('chromium').available
export const hasKeyring = (): boolean => checkService('keyring').available

/** True when REQUIRE_SERVICES=1: missing services fail their suites instead of skipping them. */
export function servicesRequired(): boolean {
  return process.env.REQUIRE_SERVICES === '1'
}

/** A describe block that needs `service`: runs, skips (with the reason) or fails, as above. */
export function describeWithService(service: ServiceName, name: string, body: () => void): void {
  describeRequiring({ service, ...checkService(service) }, name, body)
}

/** The same for a requirement checked by the suite itself (e.g. a package that may be absent). */
export function describeRequiring(requirement: ServiceCheck & { service: string }, name: string, body: () => void): void {
  const { service, available, reason } = requirement
  if (available) {
    describe(name, body)
  } else if (servicesRequired()) {
    // A failing test rather than a throw at collection: the rest of the file still runs and the
    // report shows exactly which suite lacked what.
    describe(name, () => {
      it(`needs ${service}`, () => {
        throw new Error(`REQUIRE_SERVICES=1 but ${service} is not available: ${reason}`)
      })
    })
  } else {
    console.warn(`[services] skipping "${name}": ${service} not available: ${reason}`)
    describe.skip(`${name} (skipped: ${service} not available: ${reason})`, body)
  }
}

function isExecutable(name: string): boolean {
  const candidates = name.includes('/') ? [name] : (process.env.PATH ?? '').split(delimiter).filter(Boolean).map((dir) => join(dir, name))
  return candidates.some((path) => {
    try {
      accessSync(path, constants.X_OK)
      return true
    } catch {
      return false
    }
  })
}
