// XEP-0092 software version: our answer names the application and its version only. The
// operating system (optional in the XEP) is left out on purpose: it tells an attacker more than it
// tells a contact. The version is package.json's, bundled in at build time. Layer: electron/core (pure).
import xml, { type Element } from '@xmpp/xml'
import { version } from '../../../../package.json'
import { NS } from '../ns'

export const APP_NAME = 'XMPP Desk'
export const APP_VERSION: string = version

export function softwareVersionAnswer(): Element {
  return xml('query', { xmlns: NS.version }, xml('name', {}, APP_NAME), xml('version', {}, APP_VERSION))
}
