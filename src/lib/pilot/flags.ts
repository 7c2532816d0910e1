import {Flags} from '@oclif/core'

/** How to reach istiod (docs/control-plane.md). */
export const istiodFlags = {
  'istio-namespace': Flags.string({char: 'i', description: 'Namespace of the control plane.', default: 'istio-system', helpGroup: 'ISTIOD'}),
  revision: Flags.string({description: 'Control plane revision (selects istiod pods labelled istio.io/rev=REVISION).', helpGroup: 'ISTIOD'}),
  'istiod-url': Flags.string({description: "Read istiod's debug server directly (e.g. http://127.0.0.1:15014) instead of finding its pods.", helpValue: 'URL', helpGroup: 'ISTIOD'}),
  'istiod-transport': Flags.string({
    description: "port-forward to istiod's monitoring port, or exec pilot-discovery request in its discovery container.",
    options: ['port-forward', 'exec'],
    default: 'port-forward',
    helpGroup: 'ISTIOD',
  }),
}
