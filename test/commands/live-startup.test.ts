import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'
import {expect} from 'chai'
import {DUMPS, type LiveCluster, startLiveCluster} from '../harness/bookinfo.js'
import {ROOT, runCli} from '../helpers/cli.js'

const TRACER = join(ROOT, 'test', 'harness', 'trace-imports.mjs')

/** Start-up: client-node (about 300 ms to import) loads only in the pod branch, and then as dist/k8s.bundle.cjs. */
describe('live: client-node is loaded only by commands that reach a pod', function () {
  this.timeout(60_000)
  let cluster: LiveCluster
  let dir: string
  before(async () => {
    cluster = await startLiveCluster()
    dir = mkdtempSync(join(tmpdir(), 'meshscope-imports-'))
  })
  after(async () => {
    await cluster?.close()
    rmSync(dir, {recursive: true, force: true})
  })

  async function importsOf(name: string, args: string[]): Promise<string[]> {
    const trace = join(dir, name)
    const r = await runCli(args, {env: {NODE_OPTIONS: `--import=${TRACER}`, MESHSCOPE_TRACE_IMPORTS: trace}})
    expect(r.code, r.stderr).to.equal(0)
    return existsSync(trace) ? readFileSync(trace, 'utf8').split('\n').filter(Boolean) : []
  }
  const kube = (urls: string[]) => urls.filter((u) => /@kubernetes\/client-node|k8s\.bundle\.|\/lib\/kube\//.test(u))

  it('--help and -f runs load none of it', async () => {
    const help = await importsOf('help', ['--help'])
    const file = await importsOf('file', ['proxy-config', 'cluster', '-f', DUMPS.productpage])
    expect(file.some((u) => u.endsWith('/bin/run.js'))).to.equal(true) // the tracer works
    expect(kube(help)).to.deep.equal([])
    expect(kube(file)).to.deep.equal([])
  })

  it('a pod run loads it as the bundle, never the package', async () => {
    const urls = kube(await importsOf('pod', ['proxy-config', 'cluster', 'productpage-v1-7bbd79f8fd-k6j79', ...cluster.flags]))
    expect(urls).to.deep.equal([pathToFileURL(join(ROOT, 'dist', 'k8s.bundle.cjs')).href])
  })
})
