import type {QueryParameterMatcher} from '../envoy/types.js'
import {describeStringMatcher, fullMatchRegex, matchString} from './strings.js'

/**
 * Query-parameter matching (ConfigUtility::matchQueryParams over QueryParamsMulti::parseQueryString):
 * values are NOT URL-decoded, a matcher looks at the first value of its parameter, a missing parameter
 * never matches, and a matcher with no string_match only requires presence.
 */

/** The query string's parameters in order, undecoded; `a` without `=` has the value "". */
export function parseQuery(path: string): Map<string, string[]> {
  const out = new Map<string, string[]>()
  const q = path.indexOf('?')
  if (q < 0) return out
  let query = path.slice(q + 1)
  const hash = query.indexOf('#')
  if (hash >= 0) query = query.slice(0, hash)
  for (const pair of query.split('&')) {
    if (pair === '') continue
    const eq = pair.indexOf('=')
    const name = eq < 0 ? pair : pair.slice(0, eq)
    const value = eq < 0 ? '' : pair.slice(eq + 1)
    const list = out.get(name) ?? []
    list.push(value)
    out.set(name, list)
  }
  return out
}

export function matchQueryParameter(m: QueryParameterMatcher, params: Map<string, string[]>): boolean {
  const value = params.get(m.name ?? '')?.[0]
  if (value === undefined) return false
  if (m.stringMatch !== undefined) return matchString(m.stringMatch, value)
  // v2: `value` exact, or a regex when `regex: true`
  if (m.value !== undefined) return m.regex ? fullMatchRegex(m.value, value) : m.value === value
  return true
}

export function describeQueryParameterMatcher(m: QueryParameterMatcher): string {
  if (m.stringMatch !== undefined) return `query ${m.name} ${describeStringMatcher(m.stringMatch)}`
  if (m.value !== undefined) return `query ${m.name} ${m.regex ? 'regex' : 'exact'} ${JSON.stringify(m.value)}`
  return `query ${m.name} present`
}

/** All matchers must match; the first that does not is reported. */
export function matchQueryParameters(matchers: QueryParameterMatcher[] | undefined, path: string): {ok: boolean; why?: string} {
  if (!matchers || matchers.length === 0) return {ok: true}
  const params = parseQuery(path)
  for (const m of matchers) {
    if (!matchQueryParameter(m, params)) {
      const v = params.get(m.name ?? '')?.[0]
      return {ok: false, why: `${describeQueryParameterMatcher(m)} (${v === undefined ? 'missing' : `was ${JSON.stringify(v)}`})`}
    }
  }
  return {ok: true}
}
