/** The client-node classes meshscope uses, as loaded at run time. */
export type K8s = typeof import('./k8s.js')

let loading: Promise<K8s> | undefined

/**
 * Loads client-node on first use: the esbuild bundle next to this file when the build made one
 * (scripts/bundle-k8s.mjs; ~60 ms instead of ~300 ms), else the package itself.
 */
export function loadK8s(): Promise<K8s> {
  loading ??= import(new URL('./k8s.bundle.js', import.meta.url).href).then(
    (m) => m as K8s,
    () => import('./k8s.js'),
  )
  return loading
}
