// Preload (node --import) that appends every ESM module URL the process resolves, and every bundle loaded
// through bin/code-cache.cjs, to the file named by $MESHSCOPE_TRACE_IMPORTS: lets a test prove which
// commands load @kubernetes/client-node.
import {appendFileSync} from 'node:fs'
import {createRequire, register} from 'node:module'
import {pathToFileURL} from 'node:url'

const hooks = `
import {appendFileSync} from 'node:fs'
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context)
  if (process.env.MESHSCOPE_TRACE_IMPORTS) appendFileSync(process.env.MESHSCOPE_TRACE_IMPORTS, result.url + '\\n')
  return result
}`
register(`data:text/javascript,${encodeURIComponent(hooks)}`)

// the bundles go through vm.Script (for the code cache), which no module hook sees: trace the loader itself
const codeCache = createRequire(import.meta.url)('../../bin/code-cache.cjs')
const loadBundle = codeCache.loadBundle
codeCache.loadBundle = (file) => {
  if (process.env.MESHSCOPE_TRACE_IMPORTS) appendFileSync(process.env.MESHSCOPE_TRACE_IMPORTS, `${pathToFileURL(file).href}\n`)
  return loadBundle(file)
}
