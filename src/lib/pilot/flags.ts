import {Flags} from '@oclif/core'
import {kubeFlags} from '../cli/flags.js'
import {PILOT_V1_PORT, PROXY_TYPES, SERVICE_CLUSTER} from './v1-client.js'

/** How to reach istiod (docs/control-plane.md). */
export const istiodFlags = {
  'istio-namespace': Flags.string({char: 'i', description: 'Namespace of the control plane.', default: 'istio-system', helpGroup: 'ISTIOD'}),
  revision: Flags.string({description: 'Control plane revision (selects istiod pods labelled istio.io/rev=REVISION).', helpGroup: 'ISTIOD'}),
  'istiod-label': Flags.string({
    description: 'Label of the control plane pods (default: app=istiod, then istio=pilot as Pilot 1.4 and older had).',
    helpValue: 'KEY=VALUE',
    helpGroup: 'ISTIOD',
  }),
  'istiod-url': Flags.string({description: "Read istiod's debug server directly (e.g. http://127.0.0.1:15014) instead of finding its pods.", helpValue: 'URL', helpGroup: 'ISTIOD'}),
  'istiod-transport': Flags.string({
    description: "port-forward to istiod's monitoring port, or exec pilot-discovery request in its discovery container.",
    options: ['port-forward', 'exec'],
    default: 'port-forward',
    helpGroup: 'ISTIOD',
  }),
}

/** Who a Pilot v1 REST question is about, and where Pilot serves v1 (docs/control-plane.md). */
export const pilotV1Flags = {
  node: Flags.string({
    description: "Envoy's service node (TYPE~IP~POD.NAMESPACE~NAMESPACE.svc.cluster.local) instead of building it from a pod.",
    helpValue: 'NODE',
    helpGroup: 'PILOT V1',
  }),
  'service-cluster': Flags.string({description: "Envoy's service cluster.", default: SERVICE_CLUSTER, helpGroup: 'PILOT V1'}),
  'proxy-type': Flags.string({description: 'Node type when the node is built from a pod.', options: [...PROXY_TYPES], default: 'sidecar', helpGroup: 'PILOT V1'}),
  'pilot-port': Flags.integer({description: "Pilot's v1 REST port in its pod (15007: plain; Pilot's 8080 HTTP port served it too).", default: PILOT_V1_PORT, helpGroup: 'PILOT V1'}),
}

/** Everything a `pilot lds|cds|rds|sds` command takes to reach Pilot and name the proxy. */
export const v1CommandFlags = {
  kubeconfig: kubeFlags.kubeconfig,
  context: kubeFlags.context,
  namespace: kubeFlags.namespace,
  timeout: kubeFlags.timeout,
  ...istiodFlags,
  ...pilotV1Flags,
}
