// Profiles (XEP-0054): a contact's card as the UI shows it, and editing our own (name, nickname,
// e-mail, photo). A new photo is checked here (size, real image type) before anything is sent; it
// goes into our vCard (for XEP-0153 clients) and is published as our XEP-0084 avatar.
// Layer: electron/core (Node).
import type { OwnProfileEdit, VCardView } from '../../shared/types/profile'
import { PROFILE_LIMITS } from '../../shared/types/profile-limits'
import { sniffImageType } from '../../shared/util/image-type'
import type { AvatarLink, AvatarSync } from './avatars/avatar-sync'
import { dataUrl } from './avatars/avatar-files'
import { UserFacingError } from './ipc/command-dispatch'
import { decodeBase64, ownVCardSet, parseVCard, VCARD_NS, vcardGet, type Photo } from './xmpp/features/vcard'
import { onlyChild } from './xmpp/xml-helpers'

const EMPTY: VCardView = { fn: '', nickname: '', email: '', url: '', note: '', photo: null }

/** The photo of an edit: undefined keeps ours, null removes it; throws what the user should hear. */
export function photoOfEdit(edit: OwnProfileEdit['photo']): Photo | null | undefined {
  if (edit.mode === 'keep') return undefined
  if (edit.mode === 'remove') return null
  const bytes = decodeBase64(edit.base64, PROFILE_LIMITS.ownPhotoBytes)
  if (!bytes) throw new UserFacingError(`The picture is larger than ${PROFILE_LIMITS.ownPhotoBytes / 1024} KB; choose a smaller one.`, 'photo-too-large')
  const type = sniffImageType(bytes)
  if (!type) throw new UserFacingError('Choose a PNG, JPEG, WebP or GIF picture.', 'photo-type')
  return { type, bytes }
}

export class Profiles {
  constructor(
    private readonly link: AvatarLink,
    private readonly account: string,
    private readonly avatars: AvatarSync,
  ) {}

  /** The card of `jid` (a bare JID, ours included); an empty card when they have none. */
  async card(jid: string): Promise<VCardView> {
    const reply = await this.link.iq(vcardGet(jid)).catch(() => null)
    const card = reply ? parseVCard(reply) : null
    if (!card) return EMPTY
    const { photo, ...fields } = card
    return { ...fields, photo: photo ? dataUrl(photo) : null }
  }

  async saveOwn(edit: OwnProfileEdit): Promise<void> {
    const photo = photoOfEdit(edit.photo)
    // A vCard set replaces the whole card: what we do not edit is carried over from the current one.
    const current = await this.link
      .iq(vcardGet(this.account))
      .then((reply) => onlyChild(reply, 'vCard', VCARD_NS))
      .catch(() => null)
    await this.link.iq(ownVCardSet(current, edit, photo))
    if (photo !== undefined) await this.avatars.publishOwn(photo)
  }
}
