import type {RouteMatch} from '../envoy/types.js'
import {compileRegex, fullMatchRegex, regexPattern} from './strings.js'

/**
 * Route path specifiers (envoy-semantics.md §2.3). Every one compares against the path without query
 * string and fragment; `case_sensitive` (default true) applies to prefix, path and path_separated_prefix,
 * never to regexes; a regex must match the whole path.
 */

/** `:path` without `?query` and `#fragment` (Http::PathUtil::removeQueryAndFragment). */
export function pathOnly(path: string): string {
  const end = path.search(/[?#]/)
  return end < 0 ? path : path.slice(0, end)
}

/** The `?query` (with its `?`), or "" (a fragment is not part of it). */
export function queryPart(path: string): string {
  const q = path.indexOf('?')
  if (q < 0) return ''
  const rest = path.slice(q)
  const hash = rest.indexOf('#')
  return hash < 0 ? rest : rest.slice(0, hash)
}

/** `;params` removed from each segment (RouteConfiguration.ignore_path_parameters_in_path_matching). */
function stripPathParameters(path: string): string {
  return path
    .split('/')
    .map((seg) => {
      const semi = seg.indexOf(';')
      return semi < 0 ? seg : seg.slice(0, semi)
    })
    .join('/')
}

export interface PathMatch {
  ok: boolean
  /** What the route matches on, e.g. `prefix "/api"`. */
  describe: string
  /** How many characters of the path the specifier matched (prefix_rewrite replaces that many). */
  matchedLength?: number
  caveats?: string[]
}

const SEGMENT = "[a-zA-Z0-9\\-._~%!$&'()+,;:@=]"

/**
 * A uri_template `path_template` (`/foo/{id}/**`) as an RE2 pattern: `{x}` / `{x=*}` / `*` match one
 * segment, `{x=**}` / `**` any number of segments, everything else is literal.
 */
export function uriTemplateRegex(template: string): string {
  let out = ''
  const re = /\{[^}=]+(=([^}]*))?\}|\*\*|\*/g
  let last = 0
  for (let m = re.exec(template); m !== null; m = re.exec(template)) {
    out += quoteRe2(template.slice(last, m.index))
    const op = m[0] === '**' || m[0] === '*' ? m[0] : (m[2] ?? '*')
    out += op === '**' ? `${SEGMENT.slice(0, -1)}/]*` : op === '*' ? `${SEGMENT}+` : quoteRe2(op)
    last = m.index + m[0].length
  }
  return out + quoteRe2(template.slice(last))
}

function quoteRe2(s: string): string {
  return s.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&')
}

function startsWith(path: string, prefix: string, ignoreCase: boolean): boolean {
  if (!ignoreCase) return path.startsWith(prefix)
  return path.slice(0, prefix.length).toLowerCase() === prefix.toLowerCase()
}

function equals(a: string, b: string, ignoreCase: boolean): boolean {
  return ignoreCase ? a.toLowerCase() === b.toLowerCase() : a === b
}

/** Matches a route's path specifier against a request `:path` (which may carry a query). */
export function matchPath(match: RouteMatch, requestPath: string, opts: {ignorePathParameters?: boolean; method?: string} = {}): PathMatch {
  let path = pathOnly(requestPath)
  if (opts.ignorePathParameters) path = stripPathParameters(path)
  const ignoreCase = match.caseSensitive === false
  const ci = ignoreCase ? ' (case-insensitive)' : ''
  if (match.prefix !== undefined) {
    return {ok: startsWith(path, match.prefix, ignoreCase), describe: `prefix ${JSON.stringify(match.prefix)}${ci}`, matchedLength: match.prefix.length}
  }
  if (match.path !== undefined) {
    return {ok: equals(path, match.path, ignoreCase), describe: `path ${JSON.stringify(match.path)}${ci}`, matchedLength: match.path.length}
  }
  const regex = regexPattern(match.safeRegex) ?? match.regex
  if (regex !== undefined) {
    return {ok: fullMatchRegex(regex, path), describe: `regex ${JSON.stringify(regex)}`, matchedLength: path.length}
  }
  if (match.pathSeparatedPrefix !== undefined) {
    const p = match.pathSeparatedPrefix
    const ok = startsWith(path, p, ignoreCase) && (path.length === p.length || path[p.length] === '/')
    return {ok, describe: `path_separated_prefix ${JSON.stringify(p)}${ci}`, matchedLength: p.length}
  }
  if (match.pathMatchPolicy !== undefined) {
    const template = match.pathMatchPolicy.typedConfig?.pathTemplate
    if (typeof template !== 'string') {
      return {ok: false, describe: `path_match_policy ${match.pathMatchPolicy.name ?? ''}`, caveats: ['path_match_policy without a path_template: meshscope cannot evaluate it']}
    }
    return {
      ok: compileRegex(uriTemplateRegex(template)).testExact(path),
      describe: `path_template ${JSON.stringify(template)}`,
      caveats: ['uri_template matching follows Envoy\'s documented syntax ({x} one segment, ** many); not checked against Envoy\'s implementation'],
    }
  }
  if (match.connectMatcher !== undefined) return {ok: opts.method === 'CONNECT', describe: 'connect_matcher (CONNECT requests)'}
  return {ok: false, describe: 'no path specifier'}
}
