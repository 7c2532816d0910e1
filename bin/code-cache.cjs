// Loads the built CLI (dist/meshscope.cjs, and dist/k8s.bundle.cjs for live commands) with V8's code cache.
// Node 22 does this for every module (module.enableCompileCache); Node 20 has no switch for it, but vm.Script
// takes a code cache. The cache is written by the build's warm-up runs (scripts/build.mjs) and used only
// when it was made from these very bytes: it starts with the SHA-1 of the source. V8 rejects a cache from
// another Node or other V8 flags, but of the source it checks only the length: a same-length edit would run
// the old code.
'use strict'
const {createHash} = require('node:crypto')
const {readFileSync, writeFileSync} = require('node:fs')
const Module = require('node:module')
const {dirname} = require('node:path')
const vm = require('node:vm')

const DIGEST_BYTES = 20

/** How the last load went, for tests: 'accepted', 'rejected' (by V8), 'stale' (other bytes) or 'absent'. */
let lastCache = 'absent'

/**
 * Loads a CommonJS file as require() would, and registers it in require.cache so that a later require()
 * or import() of it (oclif loading the commands) gets this same instance.
 */
function loadBundle(file) {
  if (require.cache[file]) return require.cache[file].exports
  const bytes = readFileSync(file)
  const digest = createHash('sha1').update(bytes).digest()
  const cacheFile = `${file}.cache`
  let cachedData
  let state = 'absent'
  try {
    const stored = readFileSync(cacheFile)
    if (stored.subarray(0, DIGEST_BYTES).equals(digest)) cachedData = stored.subarray(DIGEST_BYTES)
    else state = 'stale'
  } catch {
    // no cache: compile as usual
  }
  const script = new vm.Script(Module.wrap(bytes.toString('utf8')), {filename: file, cachedData})
  lastCache = cachedData === undefined ? state : script.cachedDataRejected ? 'rejected' : 'accepted'
  const mod = new Module(file, module)
  mod.filename = file
  require.cache[file] = mod
  script.runInThisContext().call(mod.exports, mod.exports, Module.createRequire(file), mod, file, dirname(file))
  mod.loaded = true
  if (process.env.MESHSCOPE_WRITE_CODE_CACHE === '1') {
    // at exit, so that the cache holds every function the warm-up run compiled, not only the top level
    process.once('exit', () => writeFileSync(cacheFile, Buffer.concat([digest, script.createCachedData()])))
  }
  return mod.exports
}

module.exports = {loadBundle, cacheState: () => lastCache}
