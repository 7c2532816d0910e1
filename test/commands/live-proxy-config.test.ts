import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {expect} from 'chai'
import {DUMPS, type LiveCluster, startLiveCluster} from '../harness/bookinfo.js'
import {runCli} from '../helpers/cli.js'

/**
 * The live promise: a command run on a pod prints exactly what it prints with -f on the same dump, over
 * port-forward, over exec and through --admin-url.
 */
const POD = 'productpage-v1-7bbd79f8fd-k6j79'

/**
 * `file` is the saved full dump; `masked` compares with -f on the bytes the pod serves for the same request
 * instead, for the one command where the two differ in Envoy itself: mask=bootstrap keeps only `bootstrap`
 * and drops the section's `last_updated`, which `proxy-config bootstrap` prints.
 */
const CASES: {command: string[]; pod: string; after?: string[]; file: string; masked?: boolean; admin: 'productpage' | 'waypoint'; fetches: string}[] = [
  {command: ['proxy-config', 'cluster'], pod: 'productpage-v1-7bbd79f8fd-k6j79', file: DUMPS.productpage, admin: 'productpage', fetches: 'GET /config_dump?mask=dynamic_active_clusters,dynamic_warming_clusters,static_clusters'},
  {command: ['proxy-config', 'cluster', '--fqdn', 'reviews', '-o', 'json'], pod: 'deployment/productpage-v1', file: DUMPS.productpage, admin: 'productpage', fetches: 'GET /config_dump?mask=dynamic_active_clusters,dynamic_warming_clusters,static_clusters'},
  {command: ['proxy-config', 'listener'], pod: 'productpage-v1-7bbd79f8fd-k6j79.default', file: DUMPS.productpage, admin: 'productpage', fetches: 'GET /config_dump?mask=dynamic_listeners,static_listeners'},
  {command: ['proxy-config', 'route'], pod: 'pod/productpage-v1-7bbd79f8fd-k6j79', file: DUMPS.productpage, admin: 'productpage', fetches: 'GET /config_dump?mask=dynamic_route_configs,static_route_configs'},
  {command: ['proxy-config', 'endpoint'], pod: 'productpage-v1-7bbd79f8fd-k6j79', file: DUMPS.clustersJson, admin: 'productpage', fetches: 'GET /clusters?format=json'},
  {command: ['proxy-config', 'all'], pod: 'waypoint-0.mesh', file: DUMPS.waypoint, admin: 'waypoint', fetches: 'GET /config_dump?include_eds=true'},
  {command: ['proxy-config', 'cluster'], pod: 'statefulset/waypoint.mesh', file: DUMPS.waypoint, admin: 'waypoint', fetches: 'GET /config_dump?mask=dynamic_active_clusters,dynamic_warming_clusters,static_clusters'},
  {command: ['proxy-config', 'bootstrap'], pod: POD, file: DUMPS.productpage, masked: true, admin: 'productpage', fetches: 'GET /config_dump?mask=bootstrap'},
  {command: ['proxy-config', 'secret'], pod: 'waypoint-0.mesh', file: DUMPS.waypoint, admin: 'waypoint', fetches: 'GET /config_dump?mask=dynamic_active_secrets,dynamic_warming_secrets'},
  {command: ['proxy-config', 'eds'], pod: 'waypoint-0.mesh', file: DUMPS.waypoint, admin: 'waypoint', fetches: 'GET /config_dump?include_eds=true'},
  {command: ['proxy-config', 'ecds'], pod: 'waypoint-0.mesh', file: DUMPS.waypoint, admin: 'waypoint', fetches: 'GET /config_dump?include_eds=true'},
  {command: ['trace-route'], pod: POD, after: ['http://reviews:9080/'], file: DUMPS.productpage, admin: 'productpage', fetches: 'GET /config_dump?include_eds=true'},
  {command: ['trace-route', '-o', 'json'], pod: 'waypoint-0.mesh', after: ['http://httpbin.default.svc.cluster.local:8000/get'], file: DUMPS.waypoint, admin: 'waypoint', fetches: 'GET /config_dump?include_eds=true'},
]

describe('live: the same output from a pod as from -f (built CLI against the fake cluster)', function () {
  this.timeout(120_000)
  let cluster: LiveCluster
  let scratch: string
  before(async () => {
    cluster = await startLiveCluster()
    scratch = mkdtempSync(join(tmpdir(), 'meshscope-masked-'))
  })
  after(async () => {
    await cluster?.close()
    rmSync(scratch, {recursive: true, force: true})
  })

  for (const c of CASES) {
    const name = c.command.join(' ')
    describe(name, () => {
      let expected: {stdout: string; code: number | null}
      before(async () => {
        let file = c.file
        if (c.masked) {
          file = join(scratch, `${c.command.join('-')}.json`)
          writeFileSync(file, cluster[c.admin].handle('GET', c.fetches.replace(/^GET /, '')).body)
        }
        expected = await runCli([...c.command, '-f', file, ...(c.after ?? [])])
        expect(expected.code, `-f run failed: ${name}`).to.be.oneOf([0, 10, 11, 12, 13, 14, 15, 16])
        expect(expected.stdout.length).to.be.greaterThan(0)
      })

      for (const transport of ['port-forward', 'exec']) {
        it(`${c.pod} over ${transport}`, async () => {
          const admin = cluster[c.admin]
          admin.requests.length = 0
          const live = await runCli([...c.command, c.pod, ...(c.after ?? []), ...cluster.flags, '--transport', transport])
          expect(live.stderr).to.equal('')
          expect(live.stdout).to.equal(expected.stdout)
          expect(live.code).to.equal(expected.code)
          // fetch only what the command needs (istioctl's mask= / include_eds / format=json)
          expect(admin.requests).to.deep.equal([c.fetches])
        })
      }

      it('through --admin-url', async () => {
        const {url, server} = await cluster[c.admin].listen()
        try {
          const live = await runCli([...c.command, '--admin-url', url, ...(c.after ?? [])])
          expect(live.stdout).to.equal(expected.stdout)
          expect(live.code).to.equal(expected.code)
        } finally {
          server.close()
        }
      })
    })
  }

  it('auto says which transport it used with -v, and falls back to exec when port-forward is forbidden', async () => {
    const pod = 'productpage-v1-7bbd79f8fd-k6j79'
    const pf = await runCli(['proxy-config', 'cluster', pod, ...cluster.flags, '-v'])
    expect(pf.code).to.equal(0)
    expect(pf.stderr).to.include('note: auto transport: used port-forward')
    cluster.api.faults = {forbid: ['pods/portforward']}
    try {
      const ex = await runCli(['proxy-config', 'cluster', pod, ...cluster.flags, '-v'])
      expect(ex.code).to.equal(0)
      expect(ex.stdout).to.equal(pf.stdout)
      expect(ex.stderr).to.match(/note: auto transport: port-forward failed \(RBAC forbids this: you need "get" and "create" on pods\/portforward/)
      expect(ex.stderr).to.include('note: auto transport: used exec (pilot-agent request)')
    } finally {
      cluster.api.reset()
    }
  })

  it('-n and the context namespace choose where a bare pod name is looked up', async () => {
    const byFlag = await runCli(['proxy-config', 'cluster', 'waypoint-0', '-n', 'mesh', ...cluster.flags])
    expect(byFlag.code).to.equal(0)
    const defaultNs = await runCli(['proxy-config', 'cluster', 'waypoint-0', ...cluster.flags])
    expect(defaultNs.code).to.equal(34)
    expect(defaultNs.stderr).to.include('Error: pod waypoint-0 not found in namespace default')
  })

  it('--proxy-admin-port reaches a proxy whose admin API is not on 15000 (port-forward and pilot-agent --debug-port)', async () => {
    const pod = cluster.api.pods.find((p) => p.name === 'productpage-v1-7bbd79f8fd-k6j79')!
    pod.adminPort = 15001
    try {
      for (const transport of ['port-forward', 'exec']) {
        const r = await runCli(['proxy-config', 'cluster', pod.name, ...cluster.flags, '--transport', transport, '--proxy-admin-port', '15001'])
        expect(r.code, r.stderr).to.equal(0)
      }
      expect(cluster.api.log.some((l) => l.includes('ports=15001'))).to.equal(true)
      expect(cluster.api.log.some((l) => l.includes('command=--debug-port&command=15001'))).to.equal(true)
    } finally {
      pod.adminPort = undefined
    }
  })
})
