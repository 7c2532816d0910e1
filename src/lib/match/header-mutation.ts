import type {HeaderValueOption} from '../envoy/types.js'

/**
 * Envoy's HeaderParser::evaluateHeaders for `request_headers_to_add` / `response_headers_to_add` and the
 * `*_headers_to_remove` lists: removals first, then additions in order with their append action. Header
 * values may hold a few access-log style commands; the ones meshscope can know offline are substituted.
 */

export type MutableHeaders = Map<string, string[]>

export interface HeaderMutation {
  add?: unknown[]
  remove?: string[]
}

export interface FormatContext {
  /** Request headers, for %REQ(name)% */
  request: ReadonlyMap<string, readonly string[]>
  /** %DOWNSTREAM_REMOTE_ADDRESS_WITHOUT_PORT% (router_check_tool uses 127.0.0.1) */
  downstreamAddress?: string
}

/** Substitutes the commands meshscope can evaluate; reports the ones it cannot. */
export function formatHeaderValue(value: string, ctx: FormatContext, unknown: Set<string>): string {
  return value.replace(/%%|%([A-Z_]+)(\(([^)]*)\))?%/g, (all, cmd: string | undefined, _p, arg: string | undefined) => {
    if (all === '%%') return '%'
    if (cmd === 'DOWNSTREAM_REMOTE_ADDRESS_WITHOUT_PORT' && ctx.downstreamAddress) return ctx.downstreamAddress
    if (cmd === 'REQ' && arg) return ctx.request.get(arg.split('?')[0].toLowerCase())?.join(',') ?? ''
    unknown.add(all)
    return all
  })
}

/** Applies one header_parser's mutation to `headers` in place. Returns the commands it could not evaluate. */
export function applyHeaderMutation(headers: MutableHeaders, m: HeaderMutation, ctx: FormatContext): string[] {
  const unknown = new Set<string>()
  for (const name of m.remove ?? []) headers.delete(name.toLowerCase())
  for (const raw of m.add ?? []) {
    const opt = raw as HeaderValueOption
    const key = opt.header?.key?.toLowerCase()
    if (!key) continue
    const value = formatHeaderValue(opt.header?.value ?? opt.header?.rawValue ?? '', ctx, unknown)
    if (value === '' && !opt.keepEmptyValue) continue
    const action = opt.appendAction ?? (opt.append === false ? 'OVERWRITE_IF_EXISTS_OR_ADD' : 'APPEND_IF_EXISTS_OR_ADD')
    const existing = headers.get(key)
    switch (action) {
      case 'APPEND_IF_EXISTS_OR_ADD':
        headers.set(key, [...(existing ?? []), value])
        break
      case 'ADD_IF_ABSENT':
        if (!existing) headers.set(key, [value])
        break
      case 'OVERWRITE_IF_EXISTS_OR_ADD':
        headers.set(key, [value])
        break
      case 'OVERWRITE_IF_EXISTS':
        if (existing) headers.set(key, [value])
        break
    }
  }
  return [...unknown]
}
