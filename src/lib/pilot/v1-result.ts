import type {V1Answer} from './v1-client.js'
import type {V1Proxy} from './proxy-node.js'

/** What `pilot lds|cds|rds|sds --json` returns: the question, who answered, and the v1 document. */
export interface PilotV1Result {
  istiod: string
  path: string
  serviceCluster?: string
  node?: string
  response: unknown
}

export function v1Result(answer: V1Answer<unknown>, proxy?: V1Proxy): PilotV1Result {
  return {istiod: answer.istiod, path: answer.path, ...(proxy ? {serviceCluster: proxy.serviceCluster, node: proxy.node} : {}), response: answer.doc}
}
