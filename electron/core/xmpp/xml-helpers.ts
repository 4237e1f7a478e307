// Small typed helpers over ltx elements. Always pass a namespace: ltx's getChild without one
// matches any namespace (security notes B3). Layer: electron/core.
import type { Element } from '@xmpp/xml'

/** The single child with this name and namespace; null when absent or duplicated (ambiguous). */
export function onlyChild(parent: Element, name: string, ns: string): Element | null {
  const found = parent.getChildren(name, ns)
  return found.length === 1 ? (found[0] ?? null) : null
}

export function childText(parent: Element, name: string, ns: string): string | null {
  const child = onlyChild(parent, name, ns)
  return child ? child.text() : null
}

/** Parses an XEP-0082 timestamp; null when it is not a sane date. */
export function parseStamp(stamp: string | undefined): number | null {
  if (!stamp || stamp.length > 40 || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/u.test(stamp)) return null
  const ms = Date.parse(stamp)
  return Number.isFinite(ms) ? ms : null
}
