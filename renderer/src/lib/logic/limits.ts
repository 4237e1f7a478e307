// The IPC limits the renderer enforces in its forms (maxlength, page size). They mirror `LIMITS`
// in shared/types/domain.ts, copied rather than imported at run time: domain.ts builds zod schemas
// when it loads, which would pull zod (~100 kB) into the bundle, and zod probes `new Function`,
// which the CSP (no 'unsafe-eval') reports as a violation. test/unit/renderer/limits.test.ts
// asserts the two stay equal. Layer: renderer (pure).
import type { LIMITS as SHARED_LIMITS } from '../../../../shared/types/domain'

export const LIMITS: typeof SHARED_LIMITS = {
  jid: 3071,
  body: 64 * 1024,
  status: 1024,
  name: 256,
  group: 256,
  pageSize: 500,
}
