import {readFileSync} from 'node:fs'
import {expect} from 'chai'
import {MeshscopeError} from '../../../src/lib/cli/errors.js'
import {type ConfigDump, configDumpFrom, type SectionKind} from '../../../src/lib/envoy/config-dump.js'
import {sliceSections} from '../../../src/lib/envoy/dump-sections.js'
import {parseConfigDump, sectionsOfPath} from '../../../src/lib/envoy/read-dump.js'
import {AdminPath} from '../../../src/lib/source/proxy-source.js'
import {bytesInput} from '../../../src/lib/source/input.js'
import {FIXTURES, fixture, realDumps} from '../../helpers/cli.js'

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

const read = (label: string, text: string | Buffer, kinds: readonly SectionKind[]) => parseConfigDump(bytesInput(label, Buffer.isBuffer(text) ? text : Buffer.from(text)), kinds)

describe('config dumps read section by section (dump-sections.ts, read-dump.ts)', () => {
  describe('sliceSections', () => {
    it("cuts Envoy's own layout (one space per level) into its sections, each exactly an element of configs", () => {
      const bytes = readFileSync(PRODUCTPAGE)
      const doc = JSON.parse(bytes.toString('utf8'))
      const slices = sliceSections(bytes)
      expect(slices?.map((s) => s.type)).to.deep.equal(doc.configs.map((c: Raw) => c['@type']))
      for (const [i, s] of (slices ?? []).entries()) expect(JSON.parse(bytes.toString('utf8', s.start, s.end))).to.deep.equal(doc.configs[i])
    })

    it('cuts two- and four-space layouts (jq, Go) the same way', () => {
      const doc = JSON.parse(readFileSync(PRODUCTPAGE, 'utf8'))
      for (const indent of [2, 4]) expect(sliceSections(Buffer.from(JSON.stringify(doc, null, indent)))?.length, `indent ${indent}`).to.equal(doc.configs.length)
    })

    it('leaves every other layout to the whole-document parser', () => {
      const doc = JSON.parse(readFileSync(PRODUCTPAGE, 'utf8'))
      const pretty = JSON.stringify(doc, null, 1)
      const cases: Record<string, string> = {
        compact: JSON.stringify(doc),
        tabs: JSON.stringify(doc, null, '\t'),
        crlf: pretty.replace(/\n/g, '\r\n'),
        'another key first': JSON.stringify({other: 1, ...doc}, null, 1),
        'cut short': pretty.slice(0, pretty.length / 2),
        'text after the document': `${pretty}\n{}`,
        'a section without @type': JSON.stringify({configs: [{dynamic_active_clusters: []}]}, null, 1),
        yaml: 'configs:\n- "@type": x\n',
      }
      for (const [what, text] of Object.entries(cases)) expect(sliceSections(Buffer.from(text)), what).to.equal(undefined)
    })

    it('an empty configs list has no sections', () => {
      expect(sliceSections(Buffer.from('{\n "configs": []\n}\n'))).to.deep.equal([])
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
      const bytes = readFileSync(PRODUCTPAGE)
      const dump = await read('pp.json', bytes, ['listeners'])
      expect(dump.listeners.length).to.be.greaterThan(10)
      expect([dump.has('clusters'), dump.has('routes'), dump.has('bootstrap')]).to.deep.equal([false, false, false])
      expect(dump.sectionTypes).to.deep.equal([TYPE('ListenersConfigDump')])
      const whole = await parseConfigDump(bytesInput('pp.json', bytes))
      expect([whole.has('clusters'), whole.has('routes'), whole.has('bootstrap')]).to.deep.equal([true, true, true])
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

    it('a valid document whose indentation lies is read whole, or refused when the lie fools the slicer', async () => {
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
      expect(JSON.parse(moved)).to.deep.equal(doc)
      expect(sliceSections(Buffer.from(moved))).to.equal(undefined)
      expect(model(await read('moved.json', moved, ['clusters']))).to.deep.equal(model(configDumpFrom(doc, 'moved.json')))
      // and cluster b's entry opens at that depth with an @type line of a section's: three "sections"
      const fooled = moved.replace('},\n    {\n     "cluster": {\n      "name": "b"', '},\n  {\n   "@type": "x",\n     "cluster": {\n      "name": "b"')
      expect(sliceSections(Buffer.from(fooled))?.length).to.equal(3)
      const err = await read('fooled.json', fooled, ['clusters']).catch((e: unknown) => e)
      expect(err).to.be.instanceOf(MeshscopeError)
      expect((err as MeshscopeError).message).to.equal('fooled.json is indented inconsistently, so meshscope cannot read it section by section')
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
