import {mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {expect} from 'chai'
import {type LiveCluster, startLiveCluster} from '../harness/bookinfo.js'
import {runCli} from '../helpers/cli.js'
import {validateEnvelope} from '../helpers/schema.js'

const POD = 'productpage-v1-7bbd79f8fd-k6j79'

describe('capture --json validates against docs/schemas/capture.json', function () {
  this.timeout(120_000)
  let cluster: LiveCluster
  let scratch: string
  before(async () => {
    cluster = await startLiveCluster()
    scratch = mkdtempSync(join(tmpdir(), 'meshscope-capture-json-'))
  })
  after(async () => {
    await cluster?.close()
    rmSync(scratch, {recursive: true, force: true})
  })

  it('the envelope holds the manifest written to the bundle', async () => {
    const out = join(scratch, 'b')
    const r = await runCli(['capture', POD, '--out', out, ...cluster.flags, '--json'])
    expect(r.code, r.stderr).to.equal(0)
    expect(validateEnvelope('capture.json', r.stdout)).to.deep.equal([])
    const {result} = JSON.parse(r.stdout)
    expect(result).to.deep.equal(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')))
    expect(result.pods[0].files).to.include({config_dump: 'config_dump.json'})
  })

  it('an unknown pod is listed as failed, with status 41', async () => {
    const r = await runCli(['capture', POD, 'nope', '--out', join(scratch, 'c'), ...cluster.flags, '--json'])
    expect(validateEnvelope('capture.json', r.stdout)).to.deep.equal([])
    const env = JSON.parse(r.stdout)
    expect(env.status).to.equal(41)
    expect(env.result.failed.map((f: {proxy: string}) => f.proxy)).to.have.length(1)
  })

  it('the schema rejects a manifest of another kind (so the check above can fail)', () => {
    expect(validateEnvelope('capture.json', {status: 0, result: {kind: 'other', version: 1, createdAt: 'x', pods: [], failed: [], istiod: {}}})).to.not.deep.equal([])
  })
})
