// What every end-to-end test in Debian's Chromium shares: the launch flags (no sandbox as root, no
// GPU, no background traffic) and the requirement that Prosody and Chromium are installed.
import { checkService, type ServiceCheck } from './services'

export const CHROMIUM_PATH = '/usr/bin/chromium'

export const CHROMIUM_ARGS: string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/** For describeRequiring: the suite needs a throwaway Prosody, Chromium and a build. */
export function browserTestNeeds(): ServiceCheck & { service: string } {
  const checks = [checkService('prosody'), checkService('chromium')]
  return {
    service: 'prosody, chromium and a build',
    available: checks.every((check) => check.available),
    reason: checks
      .map((check) => check.reason)
      .filter(Boolean)
      .join('; '),
  }
}
