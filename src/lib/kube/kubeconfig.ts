import {existsSync} from 'node:fs'
import {homedir} from 'node:os'
import {delimiter, join} from 'node:path'
import type {KubeConfig} from '@kubernetes/client-node'
import {MeshscopeError, messageOf} from '../cli/errors.js'
import type {K8s} from './load-k8s.js'

export interface KubeconfigOptions {
  kubeconfig?: string
  context?: string
}

/** A kubeconfig with its context chosen and checked, as kubectl would use it. */
export interface KubeContext {
  kc: KubeConfig
  context: string
  /** the context's namespace, or `default` */
  namespace: string
  server: string
}

/**
 * Finds the kubeconfig files the way kubectl does: --kubeconfig, else every existing file of the KUBECONFIG
 * list (merged, first one wins), else ~/.kube/config, else the in-cluster service account.
 */
export function kubeconfigFiles(opts: KubeconfigOptions, env: NodeJS.ProcessEnv = process.env): string[] | 'in-cluster' {
  if (opts.kubeconfig) {
    if (!existsSync(opts.kubeconfig)) {
      throw new MeshscopeError('KUBECONFIG', `--kubeconfig ${opts.kubeconfig} does not exist`, ['Check the path, or drop --kubeconfig to use $KUBECONFIG or ~/.kube/config'])
    }
    return [opts.kubeconfig]
  }
  if (env.KUBECONFIG) {
    const listed = env.KUBECONFIG.split(delimiter).filter(Boolean)
    const present = listed.filter((f) => existsSync(f))
    if (present.length > 0) return present
    throw new MeshscopeError('KUBECONFIG', `none of the files in KUBECONFIG exists (${listed.join(delimiter)})`, [
      'Fix KUBECONFIG, or pass --kubeconfig PATH',
    ])
  }
  const home = env.HOME ?? homedir()
  const fallback = join(home, '.kube', 'config')
  if (existsSync(fallback)) return [fallback]
  if (env.KUBERNETES_SERVICE_HOST) return 'in-cluster'
  throw new MeshscopeError('KUBECONFIG', `no kubeconfig: KUBECONFIG is not set and ${fallback} does not exist`, [
    'Point meshscope at a cluster with --kubeconfig PATH or KUBECONFIG=PATH (as for kubectl)',
    'Or read a saved dump instead: meshscope proxy-config cluster -f dump.json',
  ])
}

export function loadKubeContext(k8s: K8s, opts: KubeconfigOptions, env: NodeJS.ProcessEnv = process.env): KubeContext {
  const files = kubeconfigFiles(opts, env)
  const kc = new k8s.KubeConfig()
  if (files === 'in-cluster') kc.loadFromCluster()
  else mergeFiles(k8s, kc, files)

  const names = kc.getContexts().map((c) => c.name)
  const where = files === 'in-cluster' ? 'the in-cluster config' : files.join(delimiter)
  if (opts.context !== undefined) {
    if (!names.includes(opts.context)) {
      throw new MeshscopeError('KUBECONFIG', `context "${opts.context}" is not in ${where}`, [
        names.length > 0 ? `Use one of: ${names.join(', ')}` : 'The kubeconfig has no contexts; create one with kubectl config set-context',
        'List them with: kubectl config get-contexts',
      ])
    }
    kc.setCurrentContext(opts.context)
  }
  const context = kc.getCurrentContext()
  if (!context || !names.includes(context)) {
    throw new MeshscopeError('KUBECONFIG', `${where} has no current context${context ? ` ("${context}" is not defined)` : ''}`, [
      names.length > 0 ? `Pick one with --context (${names.join(', ')})` : 'Create one: kubectl config set-context NAME --cluster=... --user=...',
    ])
  }
  const cluster = kc.getCurrentCluster()
  if (!cluster) {
    const clusterName = kc.getContextObject(context)?.cluster
    throw new MeshscopeError('KUBECONFIG', `context "${context}" names cluster "${clusterName}", which ${where} does not define`, [
      'Fix the kubeconfig: kubectl config view',
    ])
  }
  return {kc, context, namespace: kc.getContextObject(context)?.namespace || 'default', server: cluster.server}
}

/** kubectl's merge rule for a KUBECONFIG list: the first file to define a name (or the current context) wins. */
function mergeFiles(k8s: K8s, kc: KubeConfig, files: string[]): void {
  const load = (target: KubeConfig, file: string) => {
    try {
      target.loadFromFile(file)
    } catch (err) {
      throw new MeshscopeError('KUBECONFIG', `cannot load kubeconfig ${file}: ${messageOf(err).split('\n')[0]}`, [`Check the file: kubectl config view --kubeconfig ${file}`])
    }
    return target
  }
  if (files.length === 1) {
    load(kc, files[0])
    return
  }
  const parts = files.map((file) => load(new k8s.KubeConfig(), file))
  const firstByName = <T extends {name: string}>(lists: T[][]): T[] => {
    const seen = new Map<string, T>()
    for (const item of lists.flat()) if (!seen.has(item.name)) seen.set(item.name, item)
    return [...seen.values()]
  }
  kc.loadFromOptions({
    clusters: firstByName(parts.map((p) => p.clusters)),
    users: firstByName(parts.map((p) => p.users)),
    contexts: firstByName(parts.map((p) => p.contexts)),
    currentContext: parts.find((p) => p.currentContext)?.currentContext ?? '',
  })
}
