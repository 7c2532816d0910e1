// `npm run bench` entry: the bench is TypeScript (type-checked with the tests), run through tsx.
import {register} from 'tsx/esm/api'

register()
await import('./bench.ts')
