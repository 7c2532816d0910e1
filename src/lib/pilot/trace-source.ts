import {MeshscopeError} from '../cli/errors.js'
import {parseTarget} from '../cli/target.js'
import type {ConfigDump} from '../envoy/config-dump.js'
import {findIstiods, type IstiodOptions} from './istiod.js'
import {istiodView} from './istiod-view.js'
import {pilotV1, type ProxyNodeOptions, v1Proxy} from './proxy-node.js'
import {v1ConfigDump} from './v1-adapter.js'
import {v1Snapshot} from './v1-client.js'

export type PilotApi = 'xds' | 'v1'

export type PilotSourceOptions = IstiodOptions &
  ProxyNodeOptions & {'pilot-api'?: string; 'pilot-port'?: number; 'istiod-transport'?: string; namespace?: string}

/**
 * `trace-route --source pilot`: the snapshot of what the control plane means to send the proxy, for the
 * same trace engine. xds: istiod's /debug/config_dump?proxyID=POD.NS plus /debug/edsz; v1: Pilot 0.x's
 * LDS, RDS, CDS and SDS answers through the v1 adapter.
 */
export async function pilotSnapshot(pod: string | undefined, options: PilotSourceOptions): Promise<{dump: ConfigDump; from: string}> {
  const target = pod === undefined ? undefined : parseTarget(pod)
  if (options['pilot-api'] === 'v1') {
    const proxy = await v1Proxy(target, options)
    const pilot = await pilotV1(options)
    return {dump: v1ConfigDump(await v1Snapshot(pilot, proxy.serviceCluster, proxy.node)), from: `Pilot ${pilot.name} (v1 REST, node ${proxy.node})`}
  }
  if (target === undefined || target.kind !== 'pod') {
    throw new MeshscopeError('USAGE', 'trace-route --source pilot needs the pod whose proxy istiod configures: POD[.NAMESPACE] URL', [
      'meshscope trace-route --source pilot productpage-v1-7bbd79f8fd-k6j79.default http://reviews:9080/',
    ])
  }
  const proxyId = `${target.name}.${target.namespace ?? options.namespace ?? 'default'}`
  const view = await istiodView(await findIstiods({...options, transport: options['istiod-transport']}), proxyId)
  return {dump: view.dump, from: `istiod ${view.istiod} (config_dump and edsz of ${proxyId})`}
}
