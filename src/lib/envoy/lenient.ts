/**
 * types.ts describes what Envoy writes, but nothing checks a dump against it: a damaged, hand-edited or
 * odd dump can hold a number where a string list belongs. Code that walks resources reads fields through
 * these, so such a dump renders what it can instead of crashing.
 */

export function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v)
}

/** The objects of a list field; anything else reads as an empty list. */
export function objects<T extends object>(v: readonly T[] | undefined): T[] {
  return Array.isArray(v) ? (v.filter(isObject) as T[]) : []
}

/** The strings of a list field. */
export function strings(v: readonly string[] | undefined): string[] {
  return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : []
}

/** A string field, or '' when it is missing or not a string. */
export function text(v: unknown): string {
  return typeof v === 'string' ? v : ''
}

/** A number field (protojson may write 64-bit integers as strings), or undefined. */
export function num(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v
  if (typeof v === 'string' && /^-?\d+$/.test(v)) return Number(v)
  return undefined
}
