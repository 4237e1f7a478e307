// Types the roster view logic uses, re-exported from the shared domain. Layer: renderer.
export type { Contact, ContactPresence, ContactShow, SubscriptionRequest } from '../../../../shared/types/domain'

export interface ContactStatus {
  text: string
  kind: 'presence' | 'pending' | 'last-seen'
}
