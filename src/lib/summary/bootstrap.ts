import type {ConfigDump} from '../envoy/config-dump.js'

/** `proxy-config bootstrap -o short`: the Istio and Envoy versions a proxy runs, from its bootstrap node. */
export interface VersionSummary {
  istioVersion: string
  istioProxyVersion: string
  envoyVersion: string
}

/**
 * As istioctl: node.metadata ISTIO_VERSION, ISTIO_PROXY_SHA (without its `istio-proxy:` prefix), and the
 * Envoy version `major.minor.patch` from user_agent_build_version, followed by `/revision.status/build.type/
 * ssl.version` from its metadata (`1.18.3/Clean/RELEASE/BoringSSL`). Dumps from before user_agent_build_version
 * (api.v2) give their node.build_version string instead.
 */
export function versionSummary(dump: ConfigDump): VersionSummary {
  const node = dump.bootstrap?.bootstrap.node
  const metadata = node?.metadata ?? {}
  const text = (v: unknown) => (typeof v === 'string' ? v : '')
  const sha = text(metadata.ISTIO_PROXY_SHA)
  const colon = sha.indexOf(':')
  const build = node?.userAgentBuildVersion
  let envoyVersion: string
  if (!build && node?.buildVersion) envoyVersion = node.buildVersion
  else {
    const v = build?.version ?? {}
    envoyVersion = `${v.majorNumber ?? 0}.${v.minorNumber ?? 0}.${v.patch ?? 0}`
    const md = build?.metadata ?? {}
    for (const key of ['revision.status', 'build.type', 'ssl.version']) if (typeof md[key] === 'string') envoyVersion += `/${md[key]}`
  }
  return {istioVersion: text(metadata.ISTIO_VERSION), istioProxyVersion: colon >= 0 ? sha.slice(colon + 1) : sha, envoyVersion}
}
