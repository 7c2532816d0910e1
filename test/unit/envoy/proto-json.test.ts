import {readFileSync} from 'node:fs'
import {expect} from 'chai'
import {configDumpFrom} from '../../../src/lib/envoy/config-dump.js'
import {camelCase, field, toProtoJson} from '../../../src/lib/envoy/proto-json.js'
import {sortProtoMaps, toSortedProtoJson} from '../../../src/lib/envoy/proto-maps.js'
import {fixture, realDumps} from '../../helpers/cli.js'

type Raw = Record<string, unknown>
const load = (...parts: string[]): Raw => JSON.parse(readFileSync(fixture(...parts), 'utf8'))

/** Depth-first search for the first object that has `key`. */
function findWithKey(value: unknown, key: string): Raw | undefined {
  if (value === null || typeof value !== 'object') return undefined
  if (!Array.isArray(value) && key in value) return value as Raw
  for (const v of Object.values(value)) {
    const hit = findWithKey(v, key)
    if (hit) return hit
  }
  return undefined
}

describe('proto-json', () => {
  describe('camelCase', () => {
    it('renames snake_case proto field names', () => {
      expect(camelCase('dynamic_active_clusters')).to.equal('dynamicActiveClusters')
      expect(camelCase('port_value')).to.equal('portValue')
      expect(camelCase('http2_protocol_options')).to.equal('http2ProtocolOptions')
      expect(camelCase('v4_compat')).to.equal('v4Compat')
    })

    it('keeps keys that are not snake_case identifiers', () => {
      for (const k of ['name', 'portValue', '@type', 'x-envoy-upstream', ':authority', 'envoy.lb', 'istio.io/rev', 'ISTIO_VERSION', '_x', 'a__b', 'Ab_c']) {
        expect(camelCase(k), k).to.equal(k)
      }
    })
  })

  describe('toProtoJson', () => {
    it('converts proto fields at every depth and leaves values alone', () => {
      const out = toProtoJson({static_resources: {clusters: [{connect_timeout: '1s', load_assignment: {cluster_name: 'a_b'}}]}})
      expect(out).to.deep.equal({staticResources: {clusters: [{connectTimeout: '1s', loadAssignment: {clusterName: 'a_b'}}]}})
    })

    it('is idempotent on camelCase input', () => {
      const camel = {dynamicActiveClusters: [{cluster: {connectTimeout: '1s'}}]}
      expect(toProtoJson(camel)).to.deep.equal(camel)
    })

    it('filter_metadata (a map of Structs) keeps its keys at every depth', () => {
      const md = {filter_metadata: {istio: {config: '/apis/x', some_key: {inner_key: 1}}, 'envoy.lb': {canary_flag: true}}}
      expect(toProtoJson({metadata: md})).to.deep.equal({metadata: {filterMetadata: md.filter_metadata}})
    })

    it('node.metadata (a Struct) keeps its keys, from a real bootstrap plus a snake_case label', () => {
      const doc = load('istio', 'history', 'istio-2020-05', 'istioctl', 'cmd', 'testdata', 'describe', 'productpage-v1-7bbd79f8fd-k6j79.json')
      const bootstrap = (doc.configs as Raw[])[0].bootstrap as Raw
      const metadata = (bootstrap.node as Raw).metadata as Raw
      // no real dump has a snake_case key in node.metadata; a user label can be one
      ;(metadata.LABELS as Raw).app_tier = 'front_end'
      metadata.proxy_config = {drain_duration: '45s'}
      const node = configDumpFrom(doc, 'x').bootstrap!.bootstrap.node!
      expect(node.metadata).to.deep.equal(metadata)
      expect(Object.keys(metadata)).to.include.members(['INTERCEPTION_MODE', 'traffic.sidecar.istio.io/includeOutboundIPRanges', 'LABELS'])
    })

    it('a TypedStruct value keeps its keys (Istio 1.5 wasm filter, real dump)', () => {
      const doc = load('istio', 'history', 'istio-2020-05', 'istioctl', 'pkg', 'writer', 'compare', 'testdata', 'envoyconfigdump2020.json')
      const raw = findWithKey(doc, 'type_url')!
      expect(raw['@type']).to.equal('type.googleapis.com/udpa.type.v1.TypedStruct')
      const converted = toProtoJson<Raw>(raw)
      expect(converted.typeUrl).to.equal(raw.type_url)
      // value.config.vm_config stays as written: it is data for the Wasm VM, not a proto field of TypedStruct
      expect(converted.value).to.deep.equal(raw.value)
      expect(JSON.stringify(converted.value)).to.include('"vm_config"')
    })

    it('an Any holding a google.protobuf.Struct keeps the Struct keys', () => {
      const any = {'@type': 'type.googleapis.com/google.protobuf.Struct', value: {stat_prefix: 'x', some_field: {a_b: 1}}}
      expect(toProtoJson(any)).to.deep.equal(any)
    })

    it('access-log json_format keeps the log field names (egctl translate dump, jsonFormat)', () => {
      const doc = load('envoy', 'envoy-gateway_egctl_translate_from-gateway-api-to-xds.all.json')
      const holder = findWithKey(doc, 'jsonFormat')!
      const format = holder.jsonFormat as Raw
      expect(format).to.have.property('bytes_received')
      expect(toProtoJson<Raw>(holder).jsonFormat).to.deep.equal(format)
      // and in Envoy's own snake_case spelling
      const snake = toProtoJson<Raw>({log_format: {json_format: format}})
      expect(snake).to.deep.equal({logFormat: {jsonFormat: format}})
    })

    it('map keys that are not snake_case identifiers are kept (typed_per_filter_config, header names)', () => {
      const out = toProtoJson<Raw>({
        typed_per_filter_config: {'envoy.filters.http.fault': {'@type': 'x', max_active_faults: 1}},
        request_headers_to_add: [{header: {key: 'x-request-id', value: 'a_b'}}],
      })
      expect(out).to.deep.equal({
        typedPerFilterConfig: {'envoy.filters.http.fault': {'@type': 'x', maxActiveFaults: 1}},
        requestHeadersToAdd: [{header: {key: 'x-request-id', value: 'a_b'}}],
      })
    })

    it('runtime static_layer keeps its keys', () => {
      const layer = {'envoy.reloadable_features.x': true, overload: {global_downstream_max_connections: 50000}}
      expect(toProtoJson({layers: [{name: 'static', static_layer: layer}]})).to.deep.equal({layers: [{name: 'static', staticLayer: layer}]})
    })

    it('core.Metadata with typed_filter_metadata is a message, not a Struct', () => {
      expect(toProtoJson({metadata: {typed_filter_metadata: {x: {'@type': 't', some_field: 1}}}})).to.deep.equal({
        metadata: {typedFilterMetadata: {x: {'@type': 't', someField: 1}}},
      })
    })

    it('scalars, arrays and null pass through', () => {
      expect(toProtoJson(null)).to.equal(null)
      expect(toProtoJson('a_b')).to.equal('a_b')
      expect(toProtoJson([1, 'x', null, [{a_b: 1}]])).to.deep.equal([1, 'x', null, [{aB: 1}]])
    })
  })

  describe('toSortedProtoJson', () => {
    it('converts and sorts in one walk exactly as toProtoJson then sortProtoMaps do, key order included, on every real resource', () => {
      let resources = 0
      let changed = 0
      for (const path of realDumps()) {
        const dump = configDumpFrom(JSON.parse(readFileSync(path, 'utf8')), path)
        const raws = [dump.bootstrap, ...[...dump.clusters, ...dump.listeners, ...dump.routeConfigs, ...dump.endpointConfigs, ...dump.secrets].map((e) => e.raw)]
        for (const raw of raws.filter((r) => r !== undefined)) {
          const twoWalks = JSON.stringify(sortProtoMaps(toProtoJson(raw)))
          expect(JSON.stringify(toSortedProtoJson(raw)), path).to.equal(twoWalks)
          if (twoWalks !== JSON.stringify(toProtoJson(raw))) changed++
          resources++
        }
      }
      expect(resources).to.be.greaterThan(800)
      // so that the comparison means something: many real resources hold maps in hash order
      expect(changed).to.be.greaterThan(50)
    })
  })

  describe('field', () => {
    it('reads a proto field in either spelling, snake first', () => {
      expect(field({dynamic_active_clusters: 1}, 'dynamic_active_clusters')).to.equal(1)
      expect(field({dynamicActiveClusters: 2}, 'dynamic_active_clusters')).to.equal(2)
      expect(field({dynamic_active_clusters: 1, dynamicActiveClusters: 2}, 'dynamic_active_clusters')).to.equal(1)
      expect(field({}, 'x_y')).to.equal(undefined)
      expect(field(null, 'x_y')).to.equal(undefined)
      expect(field('str', 'length')).to.equal(undefined)
    })
  })
})
