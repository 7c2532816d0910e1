#!/usr/bin/env node
// Bundles the client-node classes meshscope uses (src/lib/kube/k8s.ts → dist/lib/kube/k8s.bundle.js) into
// one minified ESM chunk. Importing @kubernetes/client-node costs ~300 ms (967 files); the tree-shaken
// bundle costs a fraction of that. load-k8s.ts imports the bundle when it exists and the package otherwise,
// so running without this step is only slower. Run after tsc: npm run build:k8s.
import {build} from 'esbuild'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const result = await build({
  entryPoints: [join(root, 'src/lib/kube/k8s.ts')],
  outfile: join(root, 'dist/lib/kube/k8s.bundle.js'),
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  metafile: true,
  logLevel: 'warning',
  // client-node and its dependencies are CommonJS in places: give them a require() in ESM
  banner: {js: "import {createRequire as __cr} from 'module'; const require = __cr(import.meta.url);"},
})
const bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0)
console.log(`wrote dist/lib/kube/k8s.bundle.js (${(bytes / 1024 / 1024).toFixed(2)} MB)`)
