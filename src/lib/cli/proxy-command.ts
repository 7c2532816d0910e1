import {MeshscopeError} from './errors.js'
import {parseTarget, type Target} from './target.js'

/** Where a proxy's admin output comes from, as the user named it. */
export type ProxyLocator = {kind: 'file'; path: string} | {kind: 'pod'; target: Target} | {kind: 'url'; url: string}

/** Resolves `POD` / `-f FILE` into a locator: exactly one of them, as istioctl requires. */
export function locateProxy(pod: string | undefined, file: string | undefined, command: string, adminUrl?: string): ProxyLocator {
  if (pod && file) throw new MeshscopeError('USAGE', `${command} takes a pod name or --file, not both`, [`meshscope ${command} -f dump.json`])
  if (adminUrl && (pod || file)) throw new MeshscopeError('USAGE', `${command} takes --admin-url alone, without a pod name or --file`, [`meshscope ${command} --admin-url http://127.0.0.1:15000`])
  if (adminUrl) return {kind: 'url', url: adminUrl}
  if (file) return {kind: 'file', path: file}
  if (pod) return {kind: 'pod', target: parseTarget(pod)}
  throw new MeshscopeError('USAGE', `${command} requires a pod name or --file`, [`meshscope ${command} -f dump.json`, `meshscope ${command} POD[.NAMESPACE]`])
}
