/**
 * Istio naming conventions the tables rely on: cluster names `direction|port|subset|fqdn`
 * (model.BuildSubsetKey) and the `metadata.filter_metadata.istio.config` path of the Istio resource
 * that produced a cluster or route.
 */
import {field} from '../envoy/proto-json.js'

export interface SubsetKey {
  direction: string
  port: number
  subset: string
  fqdn: string
}

/** Parses `outbound|9080|v1|reviews.default.svc.cluster.local`; undefined for names with fewer than 4 parts. */
export function parseSubsetKey(name: string): SubsetKey | undefined {
  const parts = name.split('|')
  if (parts.length < 4) return undefined
  return {direction: parts[0], port: Number.parseInt(parts[1], 10) || 0, subset: parts[2], fqdn: parts[3]}
}

/** As istioctl's safelyParseSubsetKey: names that are not subset keys sort by the whole name. */
export function sortKey(name: string): SubsetKey {
  return parseSubsetKey(name) ?? {direction: '', port: 0, subset: '', fqdn: name}
}

/**
 * `/apis/networking.istio.io/v1alpha3/namespaces/default/destination-rule/reviews` → `reviews.default`.
 * Istio ≥ 1.22 writes `/v1/` paths, which istioctl renders the same way (the configdump/testdata/routes goldens).
 */
export function renderConfigPath(path: string): string {
  if (/^\/apis\/networking\.istio\.io\/v1(alpha3|beta1)?\/namespaces\//.test(path)) {
    const pieces = path.split('/')
    if (pieces.length !== 8) return ''
    return `${pieces[7]}.${pieces[5]}`
  }
  return '<unknown>'
}

/**
 * The DESTINATION RULE / VIRTUAL SERVICE cell: the Istio config recorded in the resource's metadata, as
 * read (either spelling: the cluster table reads it from the dump unconverted) or in protojson form.
 */
export function describeManagement(metadata: unknown): string {
  const config = field(field(field(metadata, 'filter_metadata'), 'istio'), 'config')
  return typeof config === 'string' ? renderConfigPath(config) : ''
}
