// Reconnect delays: exponential backoff with "full jitter" so that many clients dropped by the
// same server restart do not reconnect in lockstep. Layer: electron/core (pure).

export interface BackoffPolicy {
  baseMs: number
  maxMs: number
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1_000, maxMs: 5 * 60_000 }

/**
 * Delay before reconnect attempt number `attempt` (1-based): uniformly random in
 * [cap/2, cap] where cap = min(max, base·2^(attempt-1)). Half the cap is kept as a floor so the
 * countdown shown to the user is never a surprising zero.
 */
export function backoffDelay(attempt: number, random: () => number = Math.random, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  const exponent = Math.min(Math.max(attempt - 1, 0), 30)
  const cap = Math.min(policy.maxMs, policy.baseMs * 2 ** exponent)
  return Math.round(cap / 2 + random() * (cap / 2))
}
