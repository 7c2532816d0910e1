#!/usr/bin/env node
// Builds dist/ (npm run build; npm ci runs it through `prepare`). The type check is `npm run typecheck`.
//
//   dist/meshscope.cjs        src/main.ts: @oclif/core and every command in one CommonJS file
//   dist/meshscope.cjs.cache  V8's code cache for it, written by a warm-up run (bin/code-cache.cjs)
//   dist/k8s.bundle.cjs       src/lib/kube/k8s.ts: the client-node classes live commands use, loaded on demand
//   dist/k8s.bundle.cjs.cache its code cache, written by a warm-up run that reaches for a pod
//   oclif.manifest.json       flags, args and aliases of every command, so that --help loads no command
//
// Why one file and a code cache: Node 20 spends ~100 ms resolving and compiling the ~250 modules of oclif and
// meshscope before a command starts (docs/performance.md); one file with its code cache takes ~25 ms.
//
// --no-minify keeps names readable in CPU profiles (node --cpu-prof bin/run.js …).
import {execFileSync, spawnSync} from 'node:child_process'
import {existsSync, mkdtempSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {build} from 'esbuild'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const dist = join(root, 'dist')
const minify = !process.argv.includes('--no-minify')
const common = {bundle: true, minify, platform: 'node', target: 'node20', logLevel: 'warning', metafile: true}
const size = (file) => `${(statSync(file).size / 1024 / 1024).toFixed(2)} MB`

rmSync(dist, {recursive: true, force: true})

await build({
  ...common,
  entryPoints: [join(root, 'src/main.ts')],
  outfile: join(dist, 'meshscope.cjs'),
  format: 'cjs',
  // oclif requires a TypeScript loader only in development mode; the built CLI never does
  external: ['typescript', 'ts-node', 'tsx'],
  // import.meta.url in CommonJS: the bundle's own URL (load-k8s.ts finds k8s.bundle.cjs beside it)
  define: {'import.meta.url': '__meshscope_url', MESHSCOPE_BUNDLE: 'true'},
  banner: {js: "const __meshscope_url = require('node:url').pathToFileURL(__filename).href;"},
})

// CommonJS, so that it loads through vm.Script with a code cache like the main bundle: as an ES module it
// took ≈200 ms to import, most of it compiling (Node 20 keeps no code cache for ES modules)
await build({
  ...common,
  entryPoints: [join(root, 'src/lib/kube/k8s.ts')],
  outfile: join(dist, 'k8s.bundle.cjs'),
  format: 'cjs',
})

// Port 9 (discard) on loopback: nothing listens, so the connection is refused at once (client-node takes
// plain http only with insecure-skip-tls-verify, else it fails before it builds a request)
const WARM_UP_KUBECONFIG = `apiVersion: v1
kind: Config
current-context: warm-up
clusters:
- name: warm-up
  cluster:
    server: http://127.0.0.1:9
    insecure-skip-tls-verify: true
users:
- name: warm-up
  user:
    token: warm-up
contexts:
- name: warm-up
  context:
    cluster: warm-up
    user: warm-up
    namespace: default
`

const run = (cmd, args, env = {}) => execFileSync(cmd, args, {cwd: root, stdio: ['ignore', 'ignore', 'inherit'], env: {...process.env, ...env}})
run(process.execPath, [join(root, 'node_modules/oclif/bin/run.js'), 'manifest'])

// The warm-ups. First a pod command against an API server that refuses the connection: it loads client-node
// and runs its kubeconfig and request code (dist/k8s.bundle.cjs.cache); it fails, as it must.
const scratch = mkdtempSync(join(tmpdir(), 'meshscope-build-'))
try {
  const kubeconfig = join(scratch, 'config')
  writeFileSync(kubeconfig, WARM_UP_KUBECONFIG)
  const args = [join(root, 'bin/run.js'), 'proxy-config', 'cluster', 'warm-up', '--kubeconfig', kubeconfig, '--timeout', '5s']
  spawnSync(process.execPath, args, {cwd: root, stdio: 'ignore', env: {...process.env, MESHSCOPE_WRITE_CODE_CACHE: '1'}, timeout: 60_000})
} finally {
  rmSync(scratch, {recursive: true, force: true})
}
if (!existsSync(join(dist, 'k8s.bundle.cjs.cache'))) throw new Error('the warm-up run did not write dist/k8s.bundle.cjs.cache')
// Then a trace, which compiles the code most commands share (input, model, matchers, rendering, oclif) and
// writes dist/meshscope.cjs.cache again
run(process.execPath, [join(root, 'bin/run.js'), 'trace-route', '-f', join(root, 'examples/bookinfo/productpage.json'), 'http://reviews:9080/'], {
  MESHSCOPE_WRITE_CODE_CACHE: '1',
})

console.log(`built dist/meshscope.cjs (${size(join(dist, 'meshscope.cjs'))}, code cache ${size(join(dist, 'meshscope.cjs.cache'))}), dist/k8s.bundle.cjs (${size(join(dist, 'k8s.bundle.cjs'))}, code cache ${size(join(dist, 'k8s.bundle.cjs.cache'))}), oclif.manifest.json`)
