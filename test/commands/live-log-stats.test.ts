import {readFileSync} from 'node:fs'
import {expect} from 'chai'
import {DUMPS, type LiveCluster, startLiveCluster} from '../harness/bookinfo.js'
import {runCli} from '../helpers/cli.js'

const POD = 'productpage-v1-7bbd79f8fd-k6j79'

describe('live: proxy-config log and envoy-stats on a pod (built CLI against the fake cluster)', function () {
  this.timeout(120_000)
  let cluster: LiveCluster
  before(async () => {
    cluster = await startLiveCluster()
  })
  after(async () => cluster?.close())

  describe('proxy-config log', () => {
    it('without --level reads the levels with POST /logging (Envoy answers the list)', async () => {
      cluster.productpage.requests.length = 0
      const r = await runCli(['proxy-config', 'log', POD, ...cluster.flags])
      expect(r.code, r.stderr).to.equal(0)
      // the fixture (istioctl testdata) ends with one more blank line than Envoy writes
      expect(r.stdout.trimEnd()).to.equal(readFileSync(DUMPS.logging, 'utf8').trimEnd())
      expect(cluster.productpage.requests).to.deep.equal(['POST /logging'])
    })

    it('--level warn sets every logger (warn is spelled warning for Envoy), over exec too', async () => {
      cluster.productpage.requests.length = 0
      const r = await runCli(['proxy-config', 'log', POD, ...cluster.flags, '--level', 'warn', '--transport', 'exec', '--json'])
      expect(r.code, r.stderr).to.equal(0)
      const {result} = JSON.parse(r.stdout)
      expect(Object.values(result.loggers)).to.have.length.greaterThan(30)
      expect(new Set(Object.values(result.loggers))).to.deep.equal(new Set(['warning']))
      expect(cluster.productpage.requests).to.deep.equal(['POST /logging?level=warning'])
    })

    it('--level LOGGER:LEVEL,… sets each named logger; --reset puts every logger back to warning', async () => {
      cluster.productpage.requests.length = 0
      const r = await runCli(['proxy-config', 'log', `deployment/productpage-v1`, ...cluster.flags, '--level', 'http:debug,connection:trace'])
      expect(r.code, r.stderr).to.equal(0)
      expect(r.stdout).to.match(/^ {2}http: debug$/m)
      expect(r.stdout).to.match(/^ {2}connection: trace$/m)
      expect(cluster.productpage.requests).to.deep.equal(['POST /logging?http=debug', 'POST /logging?connection=trace'])
      const reset = await runCli(['proxy-config', 'log', POD, ...cluster.flags, '-r'])
      expect(reset.stdout).not.to.match(/: (debug|trace)$/m)
    })

    it('a bad level is a usage error before any request; an unknown logger is the admin API error', async () => {
      const bad = await runCli(['proxy-config', 'log', POD, ...cluster.flags, '--level', 'loud'])
      expect(bad.code).to.equal(2)
      expect(bad.stderr).to.include('Error: unrecognized logging level: loud')
      const unknown = await runCli(['proxy-config', 'log', POD, ...cluster.flags, '--level', 'nosuchlogger:debug'])
      expect(unknown.code).to.equal(37)
      expect(unknown.stderr).to.include('answered 404 to /logging?nosuchlogger=debug: error: unknown logger name')
    })

    it('refuses -f: a saved file cannot change a proxy', async () => {
      const r = await runCli(['proxy-config', 'log', '-f', DUMPS.productpage])
      expect(r.code).to.equal(2)
      expect(r.stderr).to.include('proxy-config log talks to a live proxy: name a pod or pass --admin-url, not --file')
    })
  })

  describe('envoy-stats', () => {
    const cases: [string[], string][] = [
      [[], 'GET /stats'],
      [['-o', 'json'], 'GET /stats?format=json'],
      [['-o', 'prom'], 'GET /stats/prometheus'],
      [['-t', 'clusters'], 'GET /clusters'],
      [['-t', 'clusters', '-o', 'yaml'], 'GET /clusters?format=json'],
    ]
    for (const [flags, request] of cases) {
      it(`${flags.join(' ') || '(default)'} asks for ${request} and prints the same over port-forward, exec and --admin-url`, async () => {
        const admin = cluster.productpage
        admin.requests.length = 0
        const pf = await runCli(['envoy-stats', POD, ...cluster.flags, ...flags, '--transport', 'port-forward'])
        const ex = await runCli(['envoy-stats', POD, ...cluster.flags, ...flags, '--transport', 'exec'])
        const {url, server} = await admin.listen()
        const direct = await runCli(['envoy-stats', '--admin-url', url, ...flags]).finally(() => server.close())
        expect(pf.code, pf.stderr).to.equal(0)
        expect(pf.stdout.length).to.be.greaterThan(100)
        expect(ex.stdout).to.equal(pf.stdout)
        expect(direct.stdout).to.equal(pf.stdout)
        expect(admin.requests).to.deep.equal([request, request, request])
      })
    }

    it('prints /stats as Envoy wrote it, and -o json pretty-printed with istioctl\'s 4-space indent', async () => {
      const text = await runCli(['envoy-stats', POD, ...cluster.flags])
      expect(text.stdout).to.equal(readFileSync(DUMPS.stats, 'utf8'))
      const json = await runCli(['envoy-stats', POD, ...cluster.flags, '-o', 'json'])
      expect(json.stdout).to.match(/^\{\n {4}"stats": \[\n {8}\{\n {12}"name": "cluster\.outbound\|9080\|\|details/)
    })
  })
})
