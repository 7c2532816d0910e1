import {readFileSync} from 'node:fs'
import {expect} from 'chai'
import {fixture, normalizeGolden, runCli} from '../helpers/cli.js'

// istioctl 1.6-era goldens (istioctl/pkg/writer/envoy/configdump/testdata @ 2020/2021, see SOURCES.md)
const dir = fixture('istio', 'history', 'istio-2020-05', 'istioctl', 'pkg', 'writer', 'envoy', 'configdump', 'testdata')
const dump = `${dir}/configdump.json`
const golden = (name: string) => normalizeGolden(readFileSync(`${dir}/${name}`, 'utf8'))
/** The table of that era had no DESTINATION RULE column: compare the columns it had. */
function withoutLastColumn(text: string): string {
  const at = text.indexOf('DESTINATION RULE')
  return normalizeGolden(text.split('\n').map((l) => l.slice(0, at)).join('\n'))
}

describe('proxy-config cluster', () => {
  it('-o json prints the clusters as istioctl does (clusterdump.json): protojson, 4-space indent, no @type', async () => {
    const r = await runCli(['proxy-config', 'cluster', '-f', dump, '-o', 'json'])
    expect(r.code, r.stderr).to.equal(0)
    expect(normalizeGolden(r.stdout)).to.equal(golden('clusterdump.json'))
  })

  it('--fqdn filters by substring (clusterdumpfiltered.json)', async () => {
    const r = await runCli(['pc', 'c', '-f', dump, '-o', 'json', '--fqdn', 'istio-policy'])
    expect(normalizeGolden(r.stdout)).to.equal(golden('clusterdumpfiltered.json'))
  })

  it('short output has the columns of clustersummary.txt plus DESTINATION RULE', async () => {
    const r = await runCli(['pc', 'clusters', '-f', dump])
    expect(r.stdout.split('\n')[0]).to.match(/^SERVICE FQDN +PORT +SUBSET +DIRECTION +TYPE +DESTINATION RULE$/)
    expect(withoutLastColumn(r.stdout)).to.equal(golden('clustersummary.txt'))
  })

  it('--port, --direction and --subset each narrow the table (clustersummaryfiltered.txt)', async () => {
    for (const filter of [['--port', '15004'], ['--direction', 'outbound'], ['--fqdn', 'istio-policy.istio-system.svc.cluster.local']]) {
      const r = await runCli(['pc', 'cluster', '-f', dump, ...filter])
      expect(withoutLastColumn(r.stdout), filter.join(' ')).to.equal(golden('clustersummaryfiltered.txt'))
    }
    const none = await runCli(['pc', 'cluster', '-f', dump, '--subset', 'v9'])
    expect(none.stdout.trim().split('\n')).to.have.length(1)
  })

  it('renders the DESTINATION RULE of an Istio 1.21 dump from filter_metadata.istio.config', async () => {
    const r = await runCli(['pc', 'cluster', '-f', fixture('istio', 'istioctl', 'pkg', 'describe', 'testdata', 'describe', 'http_config.json')])
    expect(r.code, r.stderr).to.equal(0)
    expect(r.stdout).to.match(/productpage\.default\.svc\.cluster\.local +9080 +v1 +outbound +EDS +productpage\.default/)
  })
})
