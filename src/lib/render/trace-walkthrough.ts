import type {Hop, Trace} from '../trace/types.js'
import {type Paint, paint} from './color.js'

const KIND_LABEL: Record<Hop['kind'], string> = {
  listener: 'listener',
  'filter-chain': 'filter chain',
  'network-filter': 'network filter',
  'route-config': 'route config',
  'virtual-host': 'virtual host',
  route: 'route',
  action: 'action',
  cluster: 'cluster',
  endpoints: 'endpoints',
}

const MAX_ENDPOINTS = 10

/**
 * The readable walkthrough of a trace: what was traced, one numbered block per hop (stage, kind, the
 * resource chosen, the rule that chose it, near misses, caveats), then the result with its exit code.
 * Colour comes only through paint(); the text is the same without it.
 */
export function traceWalkthrough(trace: Trace, color = false): string {
  const p = paint(color)
  const out: string[] = []
  const c = trace.connection
  const r = trace.request
  const what = r ? `${r.method} ${r.scheme}://${r.authority}${r.path}` : `${c.protocol.toUpperCase()} connection`
  out.push(`${p.bold('Trace')} ${what}  (${c.direction}, ${c.protocol}${c.sni ? `, SNI ${c.sni}` : ''}${c.alpn ? `, ALPN ${c.alpn.join(',')}` : ''})`)
  const dest = c.destIp === undefined ? `*:${c.destPort}` : `${c.destIp.includes(':') ? `[${c.destIp}]` : c.destIp}:${c.destPort}`
  out.push(`Destination ${dest}${c.destIpNote ? `  (${c.destIpNote})` : ''}`)
  if (r && r.headers.length > 0) out.push(`Headers ${r.headers.map((h) => `${h.name}: ${h.value}`).join('; ')}`)
  if (r && r.randomValue !== 0) out.push(`Random value ${r.randomValue}`)
  out.push('')
  const width = String(trace.hops.length).length
  for (const hop of trace.hops) out.push(...hopLines(hop, width, p))
  out.push('')
  const o = trace.outcome
  const verdict = o.kind === 'routed' ? p.green(o.summary) : p.red(o.summary)
  out.push(`${p.bold('Result')} ${verdict}  (exit ${o.exitCode} ${o.code})`)
  return `${out.join('\n')}\n`
}

function hopLines(hop: Hop, width: number, p: Paint): string[] {
  const indent = ' '.repeat(width + 7)
  const lines = [`${String(hop.step).padStart(width)}. ${p.cyan(hop.stage)}  ${KIND_LABEL[hop.kind]}: ${hop.resource === undefined ? p.red('(none)') : p.bold(hop.resource)}`]
  lines.push(`${indent}${hop.rule}`)
  lines.push(...detailLines(hop).map((l) => `${indent}${l}`))
  if (hop.nearMisses.length > 0) {
    lines.push(`${indent}${p.dim('near misses:')}`)
    for (const m of hop.nearMisses) lines.push(`${indent}  ${p.dim(`${m.resource}: ${m.why}`)}`)
  }
  for (const c of hop.caveats) lines.push(`${indent}${p.yellow(`note: ${c}`)}`)
  return lines
}

/** The few details worth a line of their own; the rest is in -o json. */
function detailLines(hop: Hop): string[] {
  const d = hop.details
  const out: string[] = []
  if (hop.kind === 'filter-chain' && Array.isArray(d.listenerFilters)) for (const f of d.listenerFilters) out.push(`listener filter ${f}`)
  if (hop.kind === 'action') {
    if (Array.isArray(d.weighted)) {
      for (const w of d.weighted as {name: string; weight: number; share: number; range: [number, number]}[]) {
        out.push(`weight ${w.weight} (${Math.round(w.share * 1000) / 10}%) [${w.range[0]}, ${w.range[1]}) ${w.name}${w.name === hop.resource ? '  ← picked' : ''}`)
      }
    }
    if (d.pathRewrite !== undefined) out.push(`path rewritten to ${d.pathRewrite}`)
    if (d.hostRewrite !== undefined) out.push(`host rewritten to ${d.hostRewrite}`)
    if (d.timeout !== undefined) out.push(`timeout ${d.timeout === '0s' ? '0s (disabled)' : d.timeout}`)
    const rp = d.retryPolicy as {retryOn?: string; numRetries?: number} | undefined
    if (rp) out.push(`retries ${rp.numRetries ?? 1} on ${rp.retryOn ?? '(nothing)'}`)
    if (d.body !== undefined) out.push(`body ${JSON.stringify(d.body)}`)
  }
  if (hop.kind === 'network-filter' && Array.isArray(d.weighted)) {
    for (const w of d.weighted as {name: string; weight: number; range: [number, number]}[]) out.push(`weight ${w.weight} [${w.range[0]}, ${w.range[1]}) ${w.name}`)
  }
  if (hop.kind === 'endpoints' && Array.isArray(d.endpoints)) {
    const eps = d.endpoints as {address: string; health: string; locality?: string; priority: number; weight?: number; transportSocket?: string}[]
    for (const e of eps.slice(0, MAX_ENDPOINTS)) {
      const extra = [e.locality, e.priority ? `priority ${e.priority}` : '', e.weight !== undefined ? `weight ${e.weight}` : '', e.transportSocket ? `tls ${e.transportSocket}` : ''].filter(Boolean)
      out.push(`${e.address}  ${e.health}${extra.length ? `  ${extra.join(', ')}` : ''}`)
    }
    if (eps.length > MAX_ENDPOINTS) out.push(`…and ${eps.length - MAX_ENDPOINTS} more (see -o json)`)
  }
  return out
}
