// Runs one contract command for a host: validates the request with the contract's schema, calls
// the handler, validates nothing on the way out (handlers are typed), and wraps the outcome in an
// Envelope so no exception ever crosses the IPC boundary. Layer: electron/core.
import { commands, isCommandName, type CommandName, type CommandRequest, type CommandResponse, type Envelope } from '../../../shared/ipc/contract'

export type CommandHandlers = { [C in CommandName]: (request: CommandRequest<C>) => Promise<CommandResponse<C>> }

/** An error whose message is meant for the user (anything else is reported generically). */
export class UserFacingError extends Error {
  constructor(
    message: string,
    readonly code = 'failed',
  ) {
    super(message)
    this.name = 'UserFacingError'
  }
}

export async function dispatchCommand(handlers: CommandHandlers, command: string, rawRequest: unknown, log: (message: string) => void = console.error): Promise<Envelope<unknown>> {
  if (!isCommandName(command)) return { ok: false, error: { code: 'unknown-command', message: 'Unknown command' } }
  const parsed = commands[command].request.safeParse(rawRequest)
  if (!parsed.success) return { ok: false, error: { code: 'invalid-request', message: `Invalid request for ${command}` } }
  try {
    const handler = handlers[command] as (request: unknown) => Promise<unknown>
    return { ok: true, value: await handler(parsed.data) }
  } catch (error) {
    if (error instanceof UserFacingError) return { ok: false, error: { code: error.code, message: error.message } }
    log(`command ${command} failed: ${error instanceof Error ? error.message : String(error)}`)
    return { ok: false, error: { code: 'internal', message: 'Something went wrong; the details are in the log.' } }
  }
}
