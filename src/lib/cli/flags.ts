import {Args, Flags} from '@oclif/core'

/** How to reach pods through the Kubernetes API (docs/live-access.md); client-node loads only when a pod is named. */
export const kubeFlags = {
  kubeconfig: Flags.string({description: 'Kubeconfig file (default: $KUBECONFIG, then ~/.kube/config).', helpGroup: 'POD'}),
  context: Flags.string({description: 'Kubeconfig context to use (default: the current context).', helpGroup: 'POD'}),
  namespace: Flags.string({char: 'n', description: "Namespace of the pod (default: the context's namespace).", helpGroup: 'POD'}),
  container: Flags.string({description: 'Proxy container in the pod (default: istio-proxy).', helpGroup: 'POD'}),
  transport: Flags.string({
    description: 'How to reach the admin API: port-forward, exec (pilot-agent request), or auto (port-forward, then exec).',
    options: ['auto', 'port-forward', 'exec'],
    default: 'auto',
    helpGroup: 'POD',
  }),
  timeout: Flags.string({description: 'Limit for each request to the cluster or the proxy (e.g. 30s, 2m).', default: '30s', helpGroup: 'POD'}),
  'proxy-admin-port': Flags.integer({description: 'Envoy admin port in the pod.', default: 15000, helpGroup: 'POD'}),
}

/** Flags shared by every command that reads one proxy: a pod (kubeFlags), a saved file, a bundle, or an admin URL. */
export const proxyFlags = {
  file: Flags.string({
    char: 'f',
    description: 'Read a saved admin API dump instead of a pod (a path, or - for stdin; .gz accepted).',
    helpValue: 'FILE',
  }),
  bundle: Flags.string({
    description: 'Read the named pod from a bundle written by `meshscope capture` instead of the cluster (offline).',
    helpValue: 'DIR',
  }),
  ...kubeFlags,
  'admin-url': Flags.string({
    description: 'Read an Envoy admin API reachable directly (e.g. http://127.0.0.1:15000) instead of a pod.',
    helpValue: 'URL',
    helpGroup: 'POD',
  }),
}

export const outputFlag = (formats: readonly string[], fallback: string) =>
  Flags.string({char: 'o', description: 'Output format.', options: [...formats], default: fallback})

export const podArg = {
  // ignoreStdin: oclif would otherwise read piped stdin into a missing arg, stealing the dump meant for -f -
  pod: Args.string({description: 'Pod or workload: [TYPE/]NAME[.NAMESPACE]', required: false, ignoreStdin: true}),
}

/** istioctl's endpoint filters, shared by `proxy-config endpoint`, `eds` and `all`. */
export const endpointFilterFlags = {
  address: Flags.string({description: 'Only endpoints with this address (endpoint: the IP; eds: ip:port).'}),
  port: Flags.integer({description: 'Only endpoints on this port.'}),
  cluster: Flags.string({description: 'Only endpoints of this cluster (exact, case-insensitive).'}),
  status: Flags.string({description: 'Only endpoints with this health status (HEALTHY, UNHEALTHY, DRAINING, TIMEOUT, DEGRADED, UNKNOWN).'}),
}
