// What to tell the user when a room refuses us or throws us out. Layer: electron/core (pure).
import type { RoomJoinError } from '../../../shared/types/room'

export function joinErrorText(error: RoomJoinError, nick: string): string {
  switch (error) {
    case 'conflict':
      return `Someone in this room already uses the nickname “${nick}”. Choose another one.`
    case 'not-authorized':
      return 'This room needs a password.'
    case 'registration-required':
      return 'Only members can enter this room. Ask its owner to add you.'
    case 'forbidden':
      return 'You are banned from this room.'
    case 'kicked':
      return 'You were removed from this room.'
    case 'banned':
      return 'You were banned from this room.'
    case 'destroyed':
      return 'This room no longer exists.'
    case 'other':
      return 'The room refused to let you in.'
  }
}
