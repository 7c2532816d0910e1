import {matchString} from './strings.js'

/**
 * type.matcher.v3.MetadataMatcher over a request's dynamic metadata (route match `dynamic_metadata`):
 * the value at `filter` / `path[].key` must satisfy `value` (a ValueMatcher), XOR `invert`.
 */

export interface ValueMatcher {
  nullMatch?: Record<string, unknown>
  doubleMatch?: {range?: {start?: number; end?: number}; exact?: number}
  stringMatch?: Record<string, unknown>
  boolMatch?: boolean
  presentMatch?: boolean
  listMatch?: {oneOf?: ValueMatcher}
  orMatch?: {valueMatchers?: ValueMatcher[]}
}

export interface MetadataMatcher {
  filter?: string
  path?: {key?: string}[]
  value?: ValueMatcher
  invert?: boolean
}

export type DynamicMetadata = Readonly<Record<string, unknown>>

function lookup(metadata: DynamicMetadata | undefined, m: MetadataMatcher): unknown {
  let v: unknown = metadata?.[m.filter ?? '']
  for (const step of m.path ?? []) {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined
    v = (v as Record<string, unknown>)[step.key ?? '']
  }
  return v
}

export function matchValue(m: ValueMatcher, v: unknown): boolean {
  if (m.presentMatch !== undefined) return v !== undefined && m.presentMatch
  if (v === undefined) return false
  if (m.nullMatch !== undefined) return v === null
  if (m.boolMatch !== undefined) return v === m.boolMatch
  if (m.doubleMatch !== undefined) {
    if (typeof v !== 'number') return false
    const {range, exact} = m.doubleMatch
    if (exact !== undefined) return v === exact
    return range !== undefined && (range.start ?? 0) <= v && v < (range.end ?? 0)
  }
  if (m.stringMatch !== undefined) return typeof v === 'string' && matchString(m.stringMatch, v)
  if (m.listMatch?.oneOf !== undefined) return Array.isArray(v) && v.some((x) => matchValue(m.listMatch?.oneOf ?? {}, x))
  if (m.orMatch !== undefined) return (m.orMatch.valueMatchers ?? []).some((x) => matchValue(x, v))
  return false
}

export function matchMetadata(m: MetadataMatcher, metadata: DynamicMetadata | undefined): boolean {
  return matchValue(m.value ?? {}, lookup(metadata, m)) !== (m.invert === true)
}

export function describeMetadataMatcher(m: MetadataMatcher): string {
  return `dynamic_metadata ${[m.filter ?? '', ...(m.path ?? []).map((p) => p.key ?? '')].join('.')} ${JSON.stringify(m.value ?? {})}${m.invert ? ' inverted' : ''}`
}
