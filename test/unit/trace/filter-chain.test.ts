import {expect} from 'chai'
import type {FilterChain, FilterChainMatch, Listener} from '../../../src/lib/envoy/types.js'
import type {ChainMatchInput} from '../../../src/lib/trace/chain.js'
import {selectFilterChain} from '../../../src/lib/trace/filter-chain.js'

/** Chains named after what they match, so a result reads as the rule that picked it. */
const chain = (name: string, filterChainMatch?: FilterChainMatch): FilterChain => ({name, filterChainMatch})
const conn = (c: Partial<ChainMatchInput> = {}): ChainMatchInput => ({destIp: '10.0.0.5', destPort: 8080, transportProtocol: 'raw_buffer', applicationProtocols: [], ...c})
const pick = (l: Listener, c: Partial<ChainMatchInput> = {}) => selectFilterChain(l, conn(c))

describe('filter chain selection (envoy-semantics §3.2: Envoy order, most specific wins, no backtracking)', () => {
  describe('1. destination_port', () => {
    const l: Listener = {
      filterChains: [chain('any-port-tls', {transportProtocol: 'tls'}), chain('port-8080-h2', {destinationPort: 8080, applicationProtocols: ['h2']}), chain('port-9090', {destinationPort: 9090})],
      defaultFilterChain: {name: 'fallback'},
    }
    it('a chain for the exact port is searched first', () => {
      expect(pick(l, {applicationProtocols: ['h2']}).chain?.name).to.equal('port-8080-h2')
    })
    it('no backtracking: when the port sub-tree fails, the default chain is used, never the port-less chains', () => {
      const s = pick(l, {transportProtocol: 'tls', applicationProtocols: ['http/1.1']})
      expect(s.chain?.name).to.equal('fallback')
      expect(s.index).to.equal('default')
      expect(s.nearMisses.find((m) => m.resource === 'any-port-tls')?.why).to.contain('no fallback to port-less chains')
    })
    it('without a chain for the port, the port-less chains are searched', () => {
      expect(pick(l, {destPort: 7000, transportProtocol: 'tls'}).chain?.name).to.equal('any-port-tls')
    })
    it('nothing matches and no default chain: no chain (Envoy closes the connection)', () => {
      const s = pick({filterChains: l.filterChains}, {destPort: 7000})
      expect(s.chain).to.equal(undefined)
      expect(s.rule).to.contain('no default_filter_chain')
    })
  })

  describe('2. destination IP (prefix_ranges): the longest matching CIDR', () => {
    const l: Listener = {
      filterChains: [chain('wide', {prefixRanges: [{addressPrefix: '10.0.0.0', prefixLen: 8}]}), chain('narrow-tls', {prefixRanges: [{addressPrefix: '10.0.0.0', prefixLen: 24}], transportProtocol: 'tls'}), chain('unspecified')],
      defaultFilterChain: {name: 'fallback'},
    }
    it('the /24 beats the /8 and the unspecified chain', () => {
      expect(pick(l, {transportProtocol: 'tls'}).chain?.name).to.equal('narrow-tls')
    })
    it('no backtracking to the /8 when the /24 chain then fails on transport protocol', () => {
      expect(pick(l).chain?.name).to.equal('fallback')
    })
    it('an address outside every range falls to the unspecified chain (0.0.0.0/0)', () => {
      expect(pick(l, {destIp: '192.168.1.1'}).chain?.name).to.equal('unspecified')
    })
    it('an IPv6 destination never matches an IPv4 range', () => {
      expect(pick(l, {destIp: 'fd00::5'}).chain?.name).to.equal('unspecified')
    })
    it('an unknown destination IP is assumed outside every listed range, with a caveat', () => {
      const s = pick(l, {destIp: undefined})
      expect(s.chain?.name).to.equal('unspecified')
      expect(s.caveats.join()).to.contain('not known')
    })
  })

  describe('3. server_names: exact, then wildcards up the labels, then none', () => {
    const l: Listener = {
      filterChains: [chain('exact', {serverNames: ['www.example.com']}), chain('wild', {serverNames: ['*.example.com']}), chain('wild-com', {serverNames: ['*.com']}), chain('no-sni')],
    }
    it('exact wins', () => expect(pick(l, {serverName: 'WWW.example.com'}).chain?.name).to.equal('exact'))
    it('then the most specific wildcard', () => expect(pick(l, {serverName: 'api.example.com'}).chain?.name).to.equal('wild'))
    it('walking up label by label', () => expect(pick(l, {serverName: 'foo.com'}).chain?.name).to.equal('wild-com'))
    it('a wildcard never matches its own bare suffix', () => expect(pick(l, {serverName: 'example.com'}).chain?.name).to.equal('wild-com'))
    it('no SNI: the chain without server_names', () => expect(pick(l).chain?.name).to.equal('no-sni'))
  })

  describe('4. transport_protocol and 5. application_protocols', () => {
    const l: Listener = {
      filterChains: [
        chain('tls-istio', {transportProtocol: 'tls', applicationProtocols: ['istio-peer-exchange', 'istio']}),
        chain('tls-h2', {transportProtocol: 'tls', applicationProtocols: ['h2']}),
        chain('tls-any', {transportProtocol: 'tls'}),
        chain('plain-http', {applicationProtocols: ['http/1.1', 'h2c']}),
        chain('plain'),
      ],
    }
    it('ALPN is tried in the connection\'s order: the first protocol some chain lists wins', () => {
      expect(pick(l, {transportProtocol: 'tls', applicationProtocols: ['h2', 'istio']}).chain?.name).to.equal('tls-h2')
      expect(pick(l, {transportProtocol: 'tls', applicationProtocols: ['istio', 'h2']}).chain?.name).to.equal('tls-istio')
    })
    it('then the chain without application_protocols', () => {
      expect(pick(l, {transportProtocol: 'tls', applicationProtocols: ['http/1.1']}).chain?.name).to.equal('tls-any')
    })
    it('raw_buffer takes only the chains without transport_protocol', () => {
      expect(pick(l, {applicationProtocols: ['http/1.1']}).chain?.name).to.equal('plain-http')
      expect(pick(l).chain?.name).to.equal('plain')
    })
  })

  describe('6-9. direct source IP, source type, source IP, source port', () => {
    it('source_ports: the exact port, else the chain without source_ports; an unknown port only matches the latter', () => {
      const l: Listener = {filterChains: [chain('port-5000', {sourcePorts: [5000]}), chain('any')]}
      expect(pick(l, {sourcePort: 5000}).chain?.name).to.equal('port-5000')
      expect(pick(l, {sourcePort: 6000}).chain?.name).to.equal('any')
      expect(pick(l).caveats.join()).to.contain('source port is not known')
    })
    it('source_type: EXTERNAL for a non-local peer, else ANY', () => {
      const l: Listener = {filterChains: [chain('local', {sourceType: 'SAME_IP_OR_LOOPBACK'}), chain('external', {sourceType: 'EXTERNAL'})]}
      expect(pick(l, {sourceIsLocal: true}).chain?.name).to.equal('local')
      expect(pick(l, {sourceIsLocal: false}).chain?.name).to.equal('external')
    })
    it('direct_source_prefix_ranges and source_prefix_ranges: longest CIDR', () => {
      const l: Listener = {
        filterChains: [chain('direct-10', {directSourcePrefixRanges: [{addressPrefix: '10.0.0.0', prefixLen: 8}]}), chain('src-10.1', {sourcePrefixRanges: [{addressPrefix: '10.1.0.0', prefixLen: 16}]}), chain('rest')],
      }
      expect(pick(l, {directSourceIp: '10.9.9.9', sourceIp: '10.1.1.1'}).chain?.name).to.equal('direct-10')
      expect(pick(l, {directSourceIp: '192.168.0.1', sourceIp: '10.1.1.1'}).chain?.name).to.equal('src-10.1')
      expect(pick(l, {directSourceIp: '192.168.0.1', sourceIp: '192.168.0.1'}).chain?.name).to.equal('rest')
    })
  })

  it('the port decides before the IP: a /32 chain on another port does not win', () => {
    const l: Listener = {filterChains: [chain('ip-32', {prefixRanges: [{addressPrefix: '10.0.0.5', prefixLen: 32}], destinationPort: 9090}), chain('port-8080', {destinationPort: 8080})]}
    expect(pick(l).chain?.name).to.equal('port-8080')
  })

  describe('filter_chain_matcher (xds matcher tree): replaces every filter_chain_match', () => {
    const action = (name: string) => ({action: {name, typedConfig: {'@type': 'type.googleapis.com/google.protobuf.StringValue', value: name}}})
    const l: Listener = {
      filterChains: [chain('web', {destinationPort: 1}), chain('api'), chain('internal')],
      defaultFilterChain: {name: 'fallback'},
      filterChainMatcher: {
        matcherTree: {
          input: {name: 'port', typedConfig: {'@type': 'type.googleapis.com/envoy.extensions.matching.common_inputs.network.v3.DestinationPortInput'}},
          exactMatchMap: {
            map: {
              '8080': {
                matcher: {
                  matcherTree: {
                    input: {name: 'ip', typedConfig: {'@type': 'type.googleapis.com/envoy.extensions.matching.common_inputs.network.v3.DestinationIPInput'}},
                    customMatch: {
                      name: 'ip',
                      typedConfig: {'@type': 'type.googleapis.com/xds.type.matcher.v3.IPMatcher', rangeMatchers: [{ranges: [{addressPrefix: '10.0.0.0', prefixLen: 8}], onMatch: action('internal')}, {ranges: [{addressPrefix: '10.0.0.0', prefixLen: 24}], onMatch: action('api')}]},
                    },
                  },
                },
              },
              '443': action('web'),
              '444': action('missing-chain'),
            },
          },
        },
      },
    }
    it('nested trees: port 8080, then the longest IP range', () => {
      const s = pick(l)
      expect(s.chain?.name).to.equal('api')
      expect(s.rule).to.contain('DestinationPortInput=8080')
      expect(s.caveats.join()).to.contain('filter_chain_match of 1 chain(s) is ignored')
      expect(pick(l, {destIp: '10.9.0.1'}).chain?.name).to.equal('internal')
    })
    it('the matcher decides even where filter_chain_match would not match (port 443 → web)', () => {
      expect(pick(l, {destPort: 443}).chain?.name).to.equal('web')
    })
    it('no entry, or a chain name the listener lacks: default_filter_chain', () => {
      expect(pick(l, {destPort: 7}).index).to.equal('default')
      const s = pick(l, {destPort: 444})
      expect(s.index).to.equal('default')
      expect(s.caveats.join()).to.contain('missing-chain')
    })
    it('no default chain: nothing', () => {
      expect(pick({...l, defaultFilterChain: undefined}, {destPort: 7}).chain).to.equal(undefined)
    })
  })
})
