import {createRequire} from 'node:module'
import {fileURLToPath} from 'node:url'

/** The client-node classes meshscope uses, as loaded at run time. */
export type K8s = typeof import('./k8s.js')

/** True in the built CLI: scripts/build.mjs defines it; in the TypeScript sources (tests, bin/dev.js) it is undefined. */
declare const MESHSCOPE_BUNDLE: boolean | undefined

let loading: Promise<K8s> | undefined

/**
 * Loads client-node on first use. The built CLI loads dist/k8s.bundle.cjs, a tree-shaken esbuild bundle of
 * ./k8s.ts (the package is 967 files), through bin/code-cache.cjs with V8's code cache, as it loads itself.
 * The sources import ./k8s.ts itself. Either way only commands that reach Kubernetes pay for it.
 */
export function loadK8s(): Promise<K8s> {
  if (loading === undefined) {
    if (typeof MESHSCOPE_BUNDLE !== 'undefined' && MESHSCOPE_BUNDLE) {
      const {loadBundle} = createRequire(import.meta.url)('../bin/code-cache.cjs')
      loading = Promise.resolve().then(() => loadBundle(fileURLToPath(new URL('./k8s.bundle.cjs', import.meta.url))) as K8s)
    } else {
      // a dead branch in the bundle, so esbuild leaves client-node out of it
      loading = import('./k8s.js')
    }
  }
  return loading
}
