import {readFileSync} from 'node:fs'
import {expect} from 'chai'
import {fixture, normalizeGolden, runCli} from '../helpers/cli.js'
import {validateEnvelope} from '../helpers/schema.js'

const dir = fixture('istio', 'istioctl', 'pkg', 'proxyconfig', 'testdata')
const dump = `${dir}/config_dump.json`
const golden = (name: string) => normalizeGolden(readFileSync(`${dir}/${name}`, 'utf8'))

describe('proxy-config all', () => {
  it('matches istioctl golden config_dump_summary.txt (every table with its NAME column)', async () => {
    const r = await runCli(['proxy-config', 'all', '-f', dump])
    expect(r.code, r.stderr).to.equal(0)
    expect(normalizeGolden(r.stdout)).to.equal(golden('config_dump_summary.txt'))
  })

  it('matches istioctl golden config_dump_summary_withheaders.txt with --with-headers (alias pc a)', async () => {
    const r = await runCli(['pc', 'a', '-f', dump, '--with-headers'])
    expect(r.code, r.stderr).to.equal(0)
    expect(normalizeGolden(r.stdout)).to.equal(golden('config_dump_summary_withheaders.txt'))
  })

  it('applies each filter to its own section: --port 15021 keeps the health listener and no cluster', async () => {
    const r = await runCli(['pc', 'all', '-f', dump, '--port', '15021', '--json'])
    expect(r.code, r.stderr).to.equal(0)
    const env = JSON.parse(r.stdout)
    expect(validateEnvelope('proxy-config-all.json', env)).to.deep.equal([])
    expect(env.result.clusters).to.deep.equal([])
    expect(env.result.listeners.map((l: {address?: {socketAddress?: {portValue?: number}}}) => l.address?.socketAddress?.portValue)).to.deep.equal([15021])
    expect(env.result.secrets.map((s: {name: string}) => s.name)).to.deep.equal(['default', 'ROOTCA'])
  })

  it('--json validates against its schema and names the version, every cluster and both EDS assignments', async () => {
    const r = await runCli(['pc', 'all', '-f', dump, '--json'])
    const env = JSON.parse(r.stdout)
    expect(validateEnvelope('proxy-config-all.json', env)).to.deep.equal([])
    expect(env.result.version).to.include({istioVersion: '1.21.0-1226'})
    expect(env.result.clusters.map((c: {name: string}) => c.name)).to.deep.equal([
      'agent',
      'inbound-vip|8000|http|httpbin.default.svc.cluster.local',
      'prometheus_stats',
    ])
    expect(env.result.endpoints).to.have.length(2)
  })

  it('-o json reprints the whole dump in protojson form without private keys', async () => {
    const r = await runCli(['pc', 'all', '-f', dump, '-o', 'json'])
    expect(r.code, r.stderr).to.equal(0)
    const out = JSON.parse(r.stdout)
    expect(out.configs.map((c: {'@type': string}) => c['@type'].split('.').pop())).to.include.members([
      'BootstrapConfigDump',
      'ClustersConfigDump',
      'ListenersConfigDump',
      'RoutesConfigDump',
      'SecretsConfigDump',
      'EndpointsConfigDump',
    ])
    expect(r.stdout).to.not.match(/BEGIN [A-Z ]*PRIVATE KEY/)
    expect(r.stdout).to.not.include('dynamic_active_clusters')
  })
})
