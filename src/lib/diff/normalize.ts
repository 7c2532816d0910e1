/** Fields that change on every push without changing behaviour. */
const NOISE_KEYS = new Set(['versionInfo', 'version_info', 'lastUpdated', 'last_updated'])

/**
 * A copy of `value` without diff noise: `version_info` and `last_updated` (either spelling) dropped at
 * every depth, and object keys sorted so key order never shows as a change. Arrays keep their order
 * (route and filter order is behaviour).
 */
export function stripNoise(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripNoise)
  if (value === null || typeof value !== 'object') return value
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(value).sort()) {
    if (NOISE_KEYS.has(key)) continue
    out[key] = stripNoise((value as Record<string, unknown>)[key])
  }
  return out
}
