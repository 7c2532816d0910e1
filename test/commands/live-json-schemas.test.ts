import {expect} from 'chai'
import {type LiveCluster, startLiveCluster} from '../harness/bookinfo.js'
import {runCli} from '../helpers/cli.js'
import {validateEnvelope} from '../helpers/schema.js'

const POD = 'productpage-v1-7bbd79f8fd-k6j79'

describe('live: --json of proxy-config log and envoy-stats validates against docs/schemas', function () {
  this.timeout(120_000)
  let cluster: LiveCluster
  before(async () => {
    cluster = await startLiveCluster()
  })
  after(async () => cluster?.close())

  it('proxy-config log --json', async () => {
    const r = await runCli(['proxy-config', 'log', POD, ...cluster.flags, '--json'])
    expect(r.code, r.stderr).to.equal(0)
    expect(validateEnvelope('proxy-config-log.json', r.stdout)).to.deep.equal([])
    expect(JSON.parse(r.stdout).result.loggers).to.include({admin: 'warning'})
  })

  for (const [args, shape] of [
    [[], 'stats'],
    [['-o', 'json'], 'stats'],
    [['-t', 'clusters', '-o', 'json'], 'cluster_statuses'],
  ] as const) {
    it(`envoy-stats ${args.join(' ') || '(default)'} --json gives ${shape} (--json always asks Envoy for JSON)`, async () => {
      const r = await runCli(['envoy-stats', POD, ...cluster.flags, ...args, '--json'])
      expect(r.code, r.stderr).to.equal(0)
      expect(validateEnvelope('envoy-stats.json', r.stdout)).to.deep.equal([])
      expect(JSON.parse(r.stdout).result).to.have.property(shape)
    })
  }

  it('the schemas reject a wrong shape (so the checks above can fail)', () => {
    expect(validateEnvelope('proxy-config-log.json', {status: 0, result: {loggers: {admin: 'loud'}}})).to.not.deep.equal([])
    expect(validateEnvelope('envoy-stats.json', {status: 0, result: {stats: 'x'}})).to.not.deep.equal([])
  })
})
