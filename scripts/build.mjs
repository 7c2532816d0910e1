#!/usr/bin/env node
// Builds dist/ (npm run build; npm ci runs it through `prepare`). The type check is `npm run typecheck`.
//
//   dist/meshscope.cjs        src/main.ts: @oclif/core and every command in one CommonJS file
//   dist/meshscope.cjs.cache  V8's code cache for it, written by a warm-up run (bin/code-cache.cjs)
//   dist/k8s.bundle.js        src/lib/kube/k8s.ts: the client-node classes live commands use, loaded on demand
//   oclif.manifest.json       flags, args and aliases of every command, so that --help loads no command
//
// Why one file and a code cache: Node 20 spends ~100 ms resolving and compiling the ~250 modules of oclif and
// meshscope before a command starts (docs/performance.md); one file with its code cache takes ~25 ms.
//
// --no-minify keeps names readable in CPU profiles (node --cpu-prof bin/run.js …).
import {execFileSync} from 'node:child_process'
import {rmSync, statSync} from 'node:fs'
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
  // import.meta.url in CommonJS: the bundle's own URL (load-k8s.ts finds k8s.bundle.js beside it)
  define: {'import.meta.url': '__meshscope_url', MESHSCOPE_BUNDLE: 'true'},
  banner: {js: "const __meshscope_url = require('node:url').pathToFileURL(__filename).href;"},
})

await build({
  ...common,
  entryPoints: [join(root, 'src/lib/kube/k8s.ts')],
  outfile: join(dist, 'k8s.bundle.js'),
  format: 'esm',
  // client-node and its dependencies are CommonJS in places: give them a require() in ESM
  banner: {js: "import {createRequire as __cr} from 'module'; const require = __cr(import.meta.url);"},
})

const run = (cmd, args, env = {}) => execFileSync(cmd, args, {cwd: root, stdio: ['ignore', 'ignore', 'inherit'], env: {...process.env, ...env}})
run(process.execPath, [join(root, 'node_modules/oclif/bin/run.js'), 'manifest'])

// The warm-up: a trace compiles the code most commands share (input, model, matchers, rendering, oclif)
run(process.execPath, [join(root, 'bin/run.js'), 'trace-route', '-f', join(root, 'examples/bookinfo/productpage.json'), 'http://reviews:9080/'], {
  MESHSCOPE_WRITE_CODE_CACHE: '1',
})

console.log(`built dist/meshscope.cjs (${size(join(dist, 'meshscope.cjs'))}, code cache ${size(join(dist, 'meshscope.cjs.cache'))}), dist/k8s.bundle.js (${size(join(dist, 'k8s.bundle.js'))}), oclif.manifest.json`)
