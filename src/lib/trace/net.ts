import {isIP} from 'node:net'
import type {CidrRange} from '../envoy/types.js'

/** IP addresses as bit strings, enough for Envoy's longest-prefix CIDR matching (LC-trie semantics). */

export function isIp(s: string): boolean {
  return isIP(s) !== 0
}

/** A canonical spelling, so `::0` and `::` compare equal. */
export function normalizeIp(s: string): string {
  const bits = ipBits(s)
  if (!bits) return s
  if (bits.length === 32) return s
  const groups: string[] = []
  for (let i = 0; i < 128; i += 16) groups.push(Number.parseInt(bits.slice(i, i + 16), 2).toString(16))
  return groups.join(':').replace(/(^|:)0(:0)+(:|$)/, '::')
}

/** The address as a 32- or 128-character string of 0/1; undefined when it is not an IP. */
export function ipBits(ip: string): string | undefined {
  const family = isIP(ip)
  if (family === 4) return ip.split('.').map((o) => Number(o).toString(2).padStart(8, '0')).join('')
  if (family !== 6) return undefined
  let text = ip
  // an embedded IPv4 tail (::ffff:1.2.3.4) becomes two hex groups
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)
  if (v4) {
    const b = v4[1].split('.').map(Number)
    text = text.slice(0, -v4[1].length) + `${((b[0] << 8) | b[1]).toString(16)}:${((b[2] << 8) | b[3]).toString(16)}`
  }
  const [head, tail] = text.split('::')
  const h = head ? head.split(':') : []
  const t = tail !== undefined && tail !== '' ? tail.split(':') : []
  const fill = tail === undefined ? [] : new Array(8 - h.length - t.length).fill('0')
  return [...h, ...fill, ...t].map((g) => Number.parseInt(g, 16).toString(2).padStart(16, '0')).join('')
}

export function isV6(ip: string): boolean {
  return isIP(ip) === 6
}

/** Whether `ip` is inside `range`; a range of the other family never contains it. */
export function cidrContains(range: CidrRange, ip: string): boolean {
  const a = ipBits(ip)
  const p = ipBits(range.addressPrefix ?? '')
  if (!a || !p || a.length !== p.length) return false
  const len = Math.min(range.prefixLen ?? 0, a.length)
  return a.slice(0, len) === p.slice(0, len)
}

export function formatCidr(r: CidrRange): string {
  return `${r.addressPrefix ?? ''}/${r.prefixLen ?? 0}`
}

/** The unspecified addresses of both families (a listener on one of them accepts any destination). */
export function isWildcardIp(ip: string | undefined): boolean {
  return ip === '0.0.0.0' || ip === '::' || ip === '::0' || ip === '[::]'
}

export function hostPort(ip: string | undefined, port: number | undefined): string {
  const host = ip === undefined ? '*' : isV6(ip) ? `[${ip}]` : ip
  return `${host}:${port ?? 0}`
}
