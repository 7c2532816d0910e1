// Preload (node --import) that appends every ESM module URL the process resolves to the file named by
// $MESHSCOPE_TRACE_IMPORTS: lets a test prove which commands load @kubernetes/client-node.
import {register} from 'node:module'

const hooks = `
import {appendFileSync} from 'node:fs'
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context)
  if (process.env.MESHSCOPE_TRACE_IMPORTS) appendFileSync(process.env.MESHSCOPE_TRACE_IMPORTS, result.url + '\\n')
  return result
}`
register(`data:text/javascript,${encodeURIComponent(hooks)}`)
