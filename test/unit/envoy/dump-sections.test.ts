import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {expect} from 'chai'
import {generateDump} from '../../../bench/generate-dump.js'
import {MeshscopeError} from '../../../src/lib/cli/errors.js'
import {type ConfigDump, configDumpFrom, entryShape, type SectionKind} from '../../../src/lib/envoy/config-dump.js'
import {CLUSTER_ROW_FIELDS, clusterRow, selectClusters} from '../../../src/lib/summary/clusters.js'
import {EDS_ROW_FIELDS, selectEds} from '../../../src/lib/summary/eds.js'
import {ROUTE_ROW_FIELDS, routeCountRows, routeRows, selectRouteConfigs} from '../../../src/lib/summary/routes.js'
import {readSections} from '../../../src/lib/envoy/dump-sections.js'
import {PrettyJson} from '../../../src/lib/envoy/pretty-json.js'
import {ByteWindow} from '../../../src/lib/source/byte-window.js'
import {parseConfigDump, sectionsOfPath} from '../../../src/lib/envoy/read-dump.js'
import {AdminPath} from '../../../src/lib/source/proxy-source.js'
import {bytesInput, readInput} from '../../../src/lib/source/input.js'
import {FIXTURES, fixture, realDumps} from '../../helpers/cli.js'
import {trickle, trickleInput} from '../../helpers/windows.js'

type Raw = Record<string, unknown>

const PRODUCTPAGE = fixture('istio', 'history', 'istio-2020-05', 'istioctl', 'cmd', 'testdata', 'describe', 'productpage-v1-7bbd79f8fd-k6j79.json')
const TYPE = (name: string) => `type.googleapis.com/envoy.admin.v3.${name}`

const KINDS: SectionKind[] = ['bootstrap', 'clusters', 'listeners', 'routes', 'scopedRoutes', 'secrets', 'endpoints', 'ecds']

/** What the model holds of some sections, as plain data: their entries, protojson sections and warnings. */
function model(d: ConfigDump, kinds: readonly SectionKind[] = KINDS) {
  const names = (entries: readonly {origin: string; state: string; name: string}[]) => entries.map((e) => `${e.origin}/${e.state}/${e.name}`)
  const has = (k: SectionKind) => kinds.includes(k)
  return {
    sections: kinds.map((k) => d.section(k)),
    clusters: has('clusters') ? names(d.clusters) : [],
    listeners: has('listeners') ? names(d.listeners) : [],
    routes: has('routes') ? names(d.routeConfigs) : [],
    endpoints: has('endpoints') ? names(d.endpointConfigs) : [],
    secrets: has('secrets') ? names(d.secrets) : [],
    ecds: has('ecds') ? names(d.ecdsFilters) : [],
    bootstrap: has('bootstrap') ? d.bootstrap : undefined,
    warnings: d.warnings,
  }
}

/**
 * parseConfigDump of bytes held whole, and of the same bytes pulled through a small window as a file's are:
 * both give the same model, or fail with the same error.
 */
async function read(label: string, text: string | Buffer, kinds: readonly SectionKind[]): Promise<ConfigDump> {
  const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text)
  const settle = (p: Promise<ConfigDump>) => p.then((d) => ({d, m: model(d, kinds)}), (err: unknown) => ({err}))
  const whole = await settle(parseConfigDump(bytesInput(label, bytes), kinds))
  const pulled = await settle(parseConfigDump(trickleInput(label, bytes), kinds))
  if ('err' in whole) {
    expect(pulled, 'read through a window').to.deep.equal(whole)
    throw whole.err
  }
  expect('m' in pulled && pulled.m, 'read through a window').to.deep.equal(whole.m)
  return whole.d
}

describe('config dumps read section by section (dump-sections.ts, read-dump.ts)', () => {
  describe('readSections', () => {
    const all = () => true
    const none = () => false
    /** readSections over the bytes held whole and pulled through a small window: both must agree. */
    const sectionsOf = (bytes: Buffer, wanted: (type: string) => boolean) => {
      const read = (w: ByteWindow) => {
        const pretty = PrettyJson.of(w)
        return pretty && readSections(pretty, wanted)
      }
      const whole = read(ByteWindow.of(bytes))
      expect(read(trickle(bytes, 3, 64, 4096)), 'read through a window').to.deep.equal(whole)
      return whole
    }

    it("reads Envoy's own layout front to back: what it parses is exactly the elements of configs, and it sees every @type", () => {
      const refused = new Set<string>()
      for (const path of realDumps()) {
        const bytes = readFileSync(path)
        const doc = JSON.parse(bytes.toString('utf8'))
        const types = doc.configs.map((c: Raw) => c['@type'])
        for (const [wanted, sections] of [[none, []], [all, doc.configs]] as const) {
          const read = sectionsOf(bytes, wanted)
          if (read === undefined) refused.add(path.split('/').pop() as string)
          else expect(read, path).to.deep.equal({sections, types})
        }
      }
      // hand-edited istioctl test data (mixed indents, `"active_state" :{`): the caller parses it whole
      expect([...refused]).to.have.members([
        'productpage_config_dump.json',
        'productpage-v1-7bbd79f8fd-k6j79.json',
        'productpage-v1-c7765c886-v99jb.json',
        'ratings-v1-f745cf57b-vfwcv.json',
        'envoyconfigdump2020.json',
      ])
      const doc = JSON.parse(readFileSync(PRODUCTPAGE, 'utf8'))
      const wanted = (t: string) => t === TYPE('ListenersConfigDump')
      expect(sectionsOf(Buffer.from(JSON.stringify(doc, null, 1)), wanted)?.sections).to.deep.equal(doc.configs.filter((c: Raw) => wanted(c['@type'] as string)))
    })

    it('reads two- and four-space layouts (jq, Go) the same way', () => {
      const doc = JSON.parse(readFileSync(PRODUCTPAGE, 'utf8'))
      for (const indent of [2, 4]) expect(sectionsOf(Buffer.from(JSON.stringify(doc, null, indent)), all)?.sections, `indent ${indent}`).to.deep.equal(doc.configs)
    })

    it('leaves every other layout to the whole-document parser', () => {
      const doc = JSON.parse(readFileSync(PRODUCTPAGE, 'utf8'))
      const pretty = JSON.stringify(doc, null, 1)
      const [first, ...rest] = doc.configs as Raw[]
      const {'@type': type, ...fields} = first
      const cases: Record<string, string> = {
        compact: JSON.stringify(doc),
        tabs: JSON.stringify(doc, null, '\t'),
        crlf: pretty.replace(/\n/g, '\r\n'),
        'another key first': JSON.stringify({other: 1, ...doc}, null, 1),
        'cut short': pretty.slice(0, pretty.length / 2),
        'text after the document': `${pretty}\n{}`,
        'a section without @type': JSON.stringify({configs: [{dynamic_active_clusters: []}]}, null, 1),
        'a section whose first member is not its @type': JSON.stringify({configs: [{...fields, '@type': type}, ...rest]}, null, 1),
        yaml: 'configs:\n- "@type": x\n',
      }
      for (const wanted of [all, none]) {
        for (const [what, text] of Object.entries(cases)) expect(sectionsOf(Buffer.from(text), wanted), what).to.equal(undefined)
      }
    })

    it('an empty configs list has no sections', () => {
      expect(sectionsOf(Buffer.from('{\n "configs": []\n}\n'), all)).to.deep.equal({sections: [], types: []})
    })
  })

  describe('sectionsOfPath: the sections a live read with a mask returns', () => {
    it('maps the admin paths commands read to their sections; no mask (or an unknown field) is every section', () => {
      expect(sectionsOfPath(AdminPath.clusters)).to.deep.equal(['clusters'])
      expect(sectionsOfPath(AdminPath.listeners)).to.deep.equal(['listeners'])
      expect(sectionsOfPath(AdminPath.routes)).to.deep.equal(['routes'])
      expect(sectionsOfPath(AdminPath.bootstrap)).to.deep.equal(['bootstrap'])
      expect(sectionsOfPath(AdminPath.secrets)).to.deep.equal(['secrets'])
      expect(sectionsOfPath('config_dump?mask=static_clusters,dynamic_listeners')).to.deep.equal(['clusters', 'listeners'])
      expect(sectionsOfPath(AdminPath.full)).to.equal(undefined)
      expect(sectionsOfPath('config_dump?mask=dynamic_active_clusters,cluster.name')).to.equal(undefined)
    })
  })

  describe('parseConfigDump', () => {
    for (const path of realDumps()) {
      it(`${path.slice(FIXTURES.length + 1)}: each section read alone is what the whole document holds`, async () => {
        const bytes = readFileSync(path)
        const whole = configDumpFrom(JSON.parse(bytes.toString('utf8')), path)
        for (const kind of KINDS) expect(model(await read(path, bytes, [kind]), [kind]), kind).to.deep.equal(model(whole, [kind]))
        expect(model(await read(path, bytes, KINDS))).to.deep.equal(model(whole))
      })
    }

    it('parses only the sections it is asked for, and no other', async () => {
      // the fixture re-printed as Envoy prints it (it is hand-edited istioctl test data, which is read whole)
      const bytes = Buffer.from(JSON.stringify(JSON.parse(readFileSync(PRODUCTPAGE, 'utf8')), null, 1))
      const dump = await read('pp.json', bytes, ['listeners'])
      expect(dump.listeners.length).to.be.greaterThan(10)
      expect([dump.has('clusters'), dump.has('routes'), dump.has('bootstrap')]).to.deep.equal([false, false, false])
      expect(dump.sectionTypes).to.deep.equal([TYPE('ListenersConfigDump')])
      const whole = await parseConfigDump(bytesInput('pp.json', bytes))
      expect([whole.has('clusters'), whole.has('routes'), whole.has('bootstrap')]).to.deep.equal([true, true, true])
      const edited = await read('pp.json', readFileSync(PRODUCTPAGE), ['listeners'])
      expect([edited.has('clusters'), edited.has('routes'), edited.has('bootstrap')], 'hand-edited: read whole').to.deep.equal([true, true, true])
    })

    it('parses only the sections it reads: a broken listener section does not stop the clusters', async () => {
      const doc = JSON.parse(readFileSync(PRODUCTPAGE, 'utf8'))
      const text = JSON.stringify(doc, null, 1).replace('"name": "virtualOutbound"', '"name": virtualOutbound')
      expect((await read('broken.json', text, ['clusters'])).clusters.length).to.be.greaterThan(10)
      const err = await read('broken.json', text, ['listeners']).catch((e: unknown) => e)
      expect(err).to.be.instanceOf(MeshscopeError)
      expect((err as MeshscopeError).code).to.equal('INPUT_INVALID')
      expect((err as MeshscopeError).message).to.match(/^broken\.json is not valid JSON \(Unexpected token/)
    })

    it('a valid document whose indentation lies is read right: where the lie is in a piece it is harmless, and elsewhere it is refused and read whole', async () => {
      const cluster = (name: string) => ({cluster: {name}})
      const doc = {
        configs: [
          {'@type': TYPE('ClustersConfigDump'), static_clusters: [cluster('a'), cluster('b')]},
          {'@type': TYPE('ListenersConfigDump'), static_listeners: [{listener: {name: 'l'}}]},
        ],
      }
      const pretty = JSON.stringify(doc, null, 1)
      // cluster a's entry closes at the depth of a section: still valid JSON, and the layout no longer fits
      const moved = pretty.replace('"name": "a"\n     }\n    }', '"name": "a"\n     }\n  }')
      // and cluster b's entry opens at that depth with an @type line of a section's: three "sections" by layout
      const fooled = moved.replace('},\n    {\n     "cluster": {\n      "name": "b"', '},\n  {\n   "@type": "x",\n     "cluster": {\n      "name": "b"')
      for (const [label, text] of [['moved.json', moved], ['fooled.json', fooled]]) {
        expect(text).not.to.equal(pretty)
        const value = JSON.parse(text)
        for (const kinds of [['clusters'], ['listeners'], KINDS] as SectionKind[][]) {
          expect(model(await read(label, text, kinds), kinds), `${label} ${kinds}`).to.deep.equal(model(configDumpFrom(value, label), kinds))
        }
      }
    })

    it('a file several times the size of the window is read through it: every section as the whole parse has it', async () => {
      const {text} = generateDump({services: 200, seed: 3})
      expect(text.length).to.be.greaterThan(3 * 1024 * 1024)
      const dir = mkdtempSync(join(tmpdir(), 'meshscope-sections-'))
      try {
        const path = join(dir, 'dump.json')
        writeFileSync(path, text)
        const doc = JSON.parse(text)
        // read through the file's window, not by the whole-document fallback
        const window = ByteWindow.file(path)
        expect(readSections(PrettyJson.of(window) as PrettyJson, () => true)?.sections).to.deep.equal(doc.configs)
        window.close()
        const whole = configDumpFrom(doc, path)
        for (const kinds of [['clusters'], ['routes'], KINDS] as SectionKind[][]) {
          expect(model(await parseConfigDump(await readInput(path), kinds), kinds), `${kinds}`).to.deep.equal(model(whole, kinds))
        }
      } finally {
        rmSync(dir, {recursive: true, force: true})
      }
    })

    it("a table's shapes keep every field its rows read: the same cluster, endpoint and route rows as the whole dump", async () => {
      const shapes = {clusters: entryShape('clusters', CLUSTER_ROW_FIELDS), endpoints: entryShape('endpoints', EDS_ROW_FIELDS), routes: entryShape('routes', ROUTE_ROW_FIELDS)}
      const generated = Buffer.from(generateDump({services: 120, seed: 5}).text)
      let rows = 0
      for (const [label, bytes] of [...realDumps().map((p) => [p, readFileSync(p)] as const), ['generated', generated] as const]) {
        const whole = await parseConfigDump(bytesInput(label, bytes))
        const shaped = await parseConfigDump(bytesInput(label, bytes), undefined, shapes)
        const tables = (d: ConfigDump) => {
          const routes = selectRouteConfigs(d, {})
          return {clusters: selectClusters(d, {}).map(clusterRow), endpoints: selectEds(d, {}).rows, routes: routeRows(routes), routeCounts: routeCountRows(routes)}
        }
        expect(tables(shaped), label).to.deep.equal(tables(whole))
        const t = tables(whole)
        rows += t.clusters.length + t.endpoints.length + t.routes.length
      }
      expect(rows).to.be.greaterThan(1000)
    })

    it('a section of an unknown @type is kept, and a dump of only those is not a dump', async () => {
      const extra = {'@type': 'type.googleapis.com/envoy.admin.v3.FutureConfigDump', x: 1}
      const text = JSON.stringify({configs: [{'@type': TYPE('ClustersConfigDump')}, extra]}, null, 2)
      for (const kinds of [['clusters'], ['listeners']] as SectionKind[][]) {
        const dump = await read('d.json', text, kinds)
        expect(dump.unknownTypes, kinds[0]).to.deep.equal([extra['@type']])
        expect(dump.unknownSections, kinds[0]).to.deep.equal([extra])
      }
      const err = await read('only.json', JSON.stringify({configs: [extra]}, null, 2), ['clusters']).catch((e: unknown) => e)
      expect((err as MeshscopeError).message).to.equal('only.json holds no config dump section meshscope knows (found type.googleapis.com/envoy.admin.v3.FutureConfigDump)')
    })
  })
})
