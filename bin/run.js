#!/usr/bin/env node
import {existsSync} from 'node:fs'
import {createRequire} from 'node:module'
import {fileURLToPath} from 'node:url'

const bundle = fileURLToPath(new URL('../dist/meshscope.cjs', import.meta.url))
if (!existsSync(bundle)) {
  process.stderr.write('Error: meshscope is not built (dist/meshscope.cjs is missing)\n  Try: npm run build\n')
  process.exit(1)
}
// oclif checks package.json's engines with semver on every start (~10 ms); npm checks them at install
process.env.OCLIF_DISABLE_ENGINE_WARNING ??= '1'
const {execute} = createRequire(import.meta.url)('./code-cache.cjs').loadBundle(bundle)
await execute({dir: import.meta.url})
