import {RE2JS} from 're2js'
import {MeshscopeError, messageOf} from '../cli/errors.js'
import type {RegexMatcher, StringMatcher} from '../envoy/types.js'

/**
 * Envoy's string matchers (type.matcher.v3.StringMatcher). Regexes use RE2 semantics through re2js, never
 * JavaScript RegExp: Envoy compiles `safe_regex` with RE2 and always requires a full match.
 */

const cache = new Map<string, RE2JS>()

/** Compiles an RE2 pattern once; a pattern RE2 rejects is a config error Envoy would have rejected too. */
export function compileRegex(pattern: string): RE2JS {
  let re = cache.get(pattern)
  if (re === undefined) {
    try {
      re = RE2JS.compile(pattern)
    } catch (err) {
      throw new MeshscopeError('INPUT_INVALID', `regex ${JSON.stringify(pattern)} is not valid RE2 (${messageOf(err)})`, [
        'Envoy rejects such a config; check the route configuration',
      ])
    }
    cache.set(pattern, re)
  }
  return re
}

/** True when the whole of `value` matches `pattern` (RE2::FullMatch). */
export function fullMatchRegex(pattern: string, value: string): boolean {
  return compileRegex(pattern).testExact(value)
}

/** The pattern of a RegexMatcher (`safe_regex: {regex}`), or of a v2 bare regex string. */
export function regexPattern(m: RegexMatcher | string | undefined): string | undefined {
  if (m === undefined) return undefined
  return typeof m === 'string' ? m : m.regex
}

/**
 * Envoy's RE2::GlobalReplace: every non-overlapping match of `pattern` in `value` is replaced by
 * `substitution`, where `\0`..`\9` insert capture groups and `\\` a backslash.
 */
export function regexReplaceAll(pattern: string, value: string, substitution: string): string {
  return compileRegex(pattern)
    .matcher(value)
    .replaceAll((...args: unknown[]) => {
      // replacer arguments: match, group 1..n, offset, input[, named groups]
      const groups = args.slice(0, args.findIndex((a) => typeof a === 'number')) as (string | undefined)[]
      return substitution.replace(/\\([0-9\\])/g, (_m, d: string) => (d === '\\' ? '\\' : (groups[Number(d)] ?? '')))
    })
}

export type StringMatchKind = 'exact' | 'prefix' | 'suffix' | 'contains' | 'safe_regex'

/** Which specifier a StringMatcher uses and its configured value (the proto oneof). */
export function stringMatcherKind(m: StringMatcher): {kind: StringMatchKind; value: string} | undefined {
  if (m.exact !== undefined) return {kind: 'exact', value: m.exact}
  if (m.prefix !== undefined) return {kind: 'prefix', value: m.prefix}
  if (m.suffix !== undefined) return {kind: 'suffix', value: m.suffix}
  if (m.contains !== undefined) return {kind: 'contains', value: m.contains}
  const re = regexPattern(m.safeRegex) ?? m.regex
  if (re !== undefined) return {kind: 'safe_regex', value: re}
  return undefined
}

/**
 * StringMatcherImpl::match. `ignore_case` applies to exact/prefix/suffix/contains, not to regexes. A missing
 * value never matches.
 */
export function matchString(m: StringMatcher, value: string | undefined): boolean {
  if (value === undefined) return false
  const spec = stringMatcherKind(m)
  if (spec === undefined) return false
  if (spec.kind === 'safe_regex') return fullMatchRegex(spec.value, value)
  const v = m.ignoreCase ? value.toLowerCase() : value
  const want = m.ignoreCase ? spec.value.toLowerCase() : spec.value
  switch (spec.kind) {
    case 'exact':
      return v === want
    case 'prefix':
      return v.startsWith(want)
    case 'suffix':
      return v.endsWith(want)
    case 'contains':
      return v.includes(want)
  }
}

/** `exact "jason"`, `prefix "/api" (ignore case)`: a StringMatcher for messages. */
export function describeStringMatcher(m: StringMatcher): string {
  const spec = stringMatcherKind(m)
  if (spec === undefined) return 'no matcher'
  const kind = spec.kind === 'safe_regex' ? 'regex' : spec.kind
  return `${kind} ${JSON.stringify(spec.value)}${m.ignoreCase && spec.kind !== 'safe_regex' ? ' (ignore case)' : ''}`
}
