import {createRequire} from 'node:module'

/** The client-node classes meshscope uses, as loaded at run time. */
export type K8s = typeof import('./k8s.js')

/** True in the built CLI: scripts/build.mjs defines it; in the TypeScript sources (tests, bin/dev.js) it is undefined. */
declare const MESHSCOPE_BUNDLE: boolean | undefined

let loading: Promise<K8s> | undefined

/**
 * Loads client-node on first use. The built CLI imports dist/k8s.bundle.js, a tree-shaken esbuild bundle of
 * ./k8s.ts (~60 ms instead of ~300 ms for the package's 967 files), through bin/code-cache.cjs: import()
 * does not work from inside the code-cached bundle. The sources import ./k8s.ts itself. Either way only
 * commands that reach Kubernetes pay for it.
 */
export function loadK8s(): Promise<K8s> {
  if (loading === undefined) {
    if (typeof MESHSCOPE_BUNDLE !== 'undefined' && MESHSCOPE_BUNDLE) {
      const {dynamicImport} = createRequire(import.meta.url)('../bin/code-cache.cjs')
      loading = dynamicImport(new URL('./k8s.bundle.js', import.meta.url).href) as Promise<K8s>
    } else {
      // a dead branch in the bundle, so esbuild leaves client-node out of it
      loading = import('./k8s.js')
    }
  }
  return loading
}
