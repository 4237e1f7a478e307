// Narrowing for core event listeners, which get an event name and its payload as two values.
// Layer: electron/main.
import type { EventName, EventPayload } from '../../shared/ipc/contract'

/** Core listeners get a name and its payload typed together; a name check recovers that pairing. */
export function isEvent<E extends EventName>(wanted: E, event: EventName, _payload: unknown): _payload is EventPayload<E> {
  return event === wanted
}
