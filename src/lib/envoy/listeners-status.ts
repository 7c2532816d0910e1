import {MeshscopeError} from '../cli/errors.js'
import {parseAddressString} from './clusters-status.js'
import {field, toProtoJson} from './proto-json.js'
import type {Address} from './types.js'
import {parseJson} from './parse-document.js'

/**
 * The listen sockets Envoy reports on `/listeners` (text: `NAME::ADDRESS`, one line per socket) or
 * `/listeners?format=json` (envoy.admin.v3.Listeners). Unlike the config dump this is what is bound, with
 * the port the OS chose for port-0 listeners.
 */
export interface ListenerStatus {
  readonly name: string
  readonly localAddress: Address
  readonly additionalLocalAddresses: readonly Address[]
}

/** Parses `/listeners` output, JSON when it starts with `{`, else text (whose names may start with `[`). */
export function parseListenersStatus(text: string, label: string): ListenerStatus[] {
  if (text.trimStart().startsWith('{')) {
    const doc = parseJson({text, label}, 'Expected the output of the Envoy admin API /listeners?format=json')
    const statuses = field<unknown>(doc, 'listener_statuses')
    if (!Array.isArray(statuses)) throw notListeners(label)
    return statuses.filter((s) => s !== null && typeof s === 'object').map((s) => {
      const l = toProtoJson<{name?: string; localAddress?: Address; additionalLocalAddresses?: Address[]}>(s)
      return {name: l.name ?? '', localAddress: l.localAddress ?? {}, additionalLocalAddresses: l.additionalLocalAddresses ?? []}
    })
  }
  return parseListenersText(text, label)
}

/** `NAME::ADDRESS`: the address is the shortest suffix Envoy's Address::asString() can print (IPv6 is bracketed). */
const LINE = /^(.*)::(\[[^\]]*\]:\d+|[^:[\]/@]+:\d+|envoy:\/\/.*|[/@].*)$/

function parseListenersText(text: string, label: string): ListenerStatus[] {
  const byName = new Map<string, Address[]>()
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') continue
    const m = LINE.exec(line)
    if (!m) throw notListeners(label)
    const list = byName.get(m[1]) ?? []
    list.push(parseAddressString(m[2]))
    byName.set(m[1], list)
  }
  if (byName.size === 0) throw notListeners(label)
  return [...byName].map(([name, [localAddress, ...additionalLocalAddresses]]) => ({name, localAddress, additionalLocalAddresses}))
}

function notListeners(label: string): MeshscopeError {
  return new MeshscopeError('INPUT_INVALID', `${label} is not Envoy /listeners output: expected {"listener_statuses": [...]} or lines like NAME::0.0.0.0:15001`, [
    'Save it with: kubectl exec POD -c istio-proxy -- pilot-agent request GET "listeners?format=json" > listeners.json',
  ])
}
