import type {HeaderMatcher, Int64Range} from '../envoy/types.js'
import type {HttpRequest} from './request.js'
import {describeStringMatcher, fullMatchRegex, matchString, regexPattern} from './strings.js'

/**
 * Envoy's header matching (HeaderUtility::matchHeaders with `treat_missing_header_as_empty`). The rules,
 * from envoy-semantics.md §2.4:
 * - a header's value is all of its values joined with `,`;
 * - a missing header matches only `present_match: false`, or `present_match: true` under `invert_match`;
 *   every value matcher fails on it, inverted or not, unless `treat_missing_header_as_empty`;
 * - otherwise the specific match is computed and XOR'd with `invert_match`.
 */

export type Headers = HttpRequest['headers']

export type HeaderMatchKind =
  | 'exact_match'
  | 'safe_regex_match'
  | 'range_match'
  | 'present_match'
  | 'prefix_match'
  | 'suffix_match'
  | 'contains_match'
  | 'string_match'

/** The header's value as Envoy's matchers see it, or undefined when absent. */
export function headerValue(headers: Headers, name: string): string | undefined {
  const values = headers.get(name.toLowerCase())
  return values === undefined || values.length === 0 ? undefined : values.join(',')
}

/** Which specifier a HeaderMatcher uses; no specifier at all means `present_match: true`. */
export function headerMatchKind(m: HeaderMatcher): HeaderMatchKind {
  if (m.exactMatch !== undefined) return 'exact_match'
  if (m.safeRegexMatch !== undefined || m.regexMatch !== undefined) return 'safe_regex_match'
  if (m.rangeMatch !== undefined) return 'range_match'
  if (m.presentMatch !== undefined) return 'present_match'
  if (m.prefixMatch !== undefined) return 'prefix_match'
  if (m.suffixMatch !== undefined) return 'suffix_match'
  if (m.containsMatch !== undefined) return 'contains_match'
  if (m.stringMatch !== undefined) return 'string_match'
  return 'present_match'
}

/** absl::SimpleAtoi for int64: optional surrounding whitespace and sign, decimal digits only. */
export function parseInt64(value: string): bigint | undefined {
  const m = /^\s*([+-]?\d+)\s*$/.exec(value)
  if (!m) return undefined
  const n = BigInt(m[1])
  return n >= -(2n ** 63n) && n < 2n ** 63n ? n : undefined
}

function inRange(range: Int64Range, value: string): boolean {
  const v = parseInt64(value)
  if (v === undefined) return false
  return BigInt(range.start ?? 0) <= v && v < BigInt(range.end ?? 0)
}

function specificMatch(m: HeaderMatcher, kind: HeaderMatchKind, value: string): boolean {
  switch (kind) {
    case 'exact_match':
      // the deprecated exact_match with an empty value matches any value
      return m.exactMatch === '' || m.exactMatch === value
    case 'safe_regex_match':
      return fullMatchRegex(regexPattern(m.safeRegexMatch) ?? m.regexMatch ?? '', value)
    case 'range_match':
      return inRange(m.rangeMatch ?? {}, value)
    case 'present_match':
      // a present header matches `present_match: true`; `present_match: false` asks for absence
      return m.presentMatch !== false
    case 'prefix_match':
      return value.startsWith(m.prefixMatch ?? '')
    case 'suffix_match':
      return value.endsWith(m.suffixMatch ?? '')
    case 'contains_match':
      return value.includes(m.containsMatch ?? '')
    case 'string_match':
      return matchString(m.stringMatch ?? {}, value)
  }
}

/** One HeaderMatcher against the request's headers. */
export function matchHeader(m: HeaderMatcher, headers: Headers): boolean {
  const kind = headerMatchKind(m)
  const invert = m.invertMatch === true
  let value = headerValue(headers, m.name ?? '')
  if (value === undefined) {
    if (!m.treatMissingHeaderAsEmpty) {
      const present = kind === 'present_match' && m.presentMatch !== false
      return invert ? present : kind === 'present_match' && m.presentMatch === false
    }
    value = ''
  }
  return specificMatch(m, kind, value) !== invert
}

/** `header x-user exact "jason"`, `header :path range [0, 10) inverted`: a HeaderMatcher for messages. */
export function describeHeaderMatcher(m: HeaderMatcher): string {
  const kind = headerMatchKind(m)
  let what: string
  switch (kind) {
    case 'exact_match':
      what = `exact ${JSON.stringify(m.exactMatch)}`
      break
    case 'safe_regex_match':
      what = `regex ${JSON.stringify(regexPattern(m.safeRegexMatch) ?? m.regexMatch)}`
      break
    case 'range_match':
      what = `range [${m.rangeMatch?.start ?? 0}, ${m.rangeMatch?.end ?? 0})`
      break
    case 'present_match':
      what = m.presentMatch === false ? 'absent' : 'present'
      break
    case 'prefix_match':
      what = `prefix ${JSON.stringify(m.prefixMatch)}`
      break
    case 'suffix_match':
      what = `suffix ${JSON.stringify(m.suffixMatch)}`
      break
    case 'contains_match':
      what = `contains ${JSON.stringify(m.containsMatch)}`
      break
    case 'string_match':
      what = describeStringMatcher(m.stringMatch ?? {})
      break
  }
  return `header ${m.name ?? ''} ${what}${m.invertMatch ? ' inverted' : ''}${m.treatMissingHeaderAsEmpty ? ' (missing = empty)' : ''}`
}

/** Why a matcher failed: what the request had for that header. */
function failureWhy(m: HeaderMatcher, headers: Headers): string {
  const value = headerValue(headers, m.name ?? '')
  if (value === undefined) return 'missing'
  return `was ${JSON.stringify(value)}`
}

/** All matchers must match (AND); the first one that does not is reported with the reason. */
export function matchHeaders(matchers: HeaderMatcher[] | undefined, headers: Headers): {ok: boolean; failed?: HeaderMatcher; why?: string} {
  for (const m of matchers ?? []) {
    if (!matchHeader(m, headers)) return {ok: false, failed: m, why: `${describeHeaderMatcher(m)} (${failureWhy(m, headers)})`}
  }
  return {ok: true}
}
