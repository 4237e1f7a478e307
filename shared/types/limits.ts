// Size limits that apply on both sides of the IPC boundary. A module of plain constants (no zod),
// so the renderer can import it without pulling the schema library into its bundle. Layer: shared.
export const LIMITS = {
  jid: 3071,
  body: 64 * 1024,
  status: 1024,
  name: 256,
  group: 256,
  pageSize: 500,
} as const
