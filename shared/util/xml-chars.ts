// Characters XML 1.0 forbids (the `Char` production): C0 controls except tab/LF/CR, lone
// surrogates, U+FFFE and U+FFFF. A stanza carrying one makes the server close the stream, and an
// outbox that keeps resending it would loop forever, so outgoing text is cleaned before queueing.
// Layer: shared (pure).

const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/gu

/** Removes every character XML 1.0 does not allow. */
export function stripXmlForbidden(text: string): string {
  return text.replace(FORBIDDEN, '')
}
