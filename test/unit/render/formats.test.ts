import {expect} from 'chai'
import {goYaml, goYamlKeyCompare, sortProtoMaps, structuredOutput, toJsonpb, writeJsonList} from '../../../src/lib/render/formats.js'

// The istioctl goldens (test/commands/proxy-config-endpoint-etc.test.ts) pin the common cases; these pin
// go-yaml v2's rarer rules and jsonpb's Struct layout as read from their sources.
describe('render/formats', () => {
  describe('goYaml (sigs.k8s.io/yaml JSONToYAML = go-yaml v2)', () => {
    it('sorts keys as go-yaml v2 does: non-letters first, digit runs by value', () => {
      expect(['b', 'a10', 'a2', '_x', 'A', '@type', 'ab'].sort(goYamlKeyCompare)).to.deep.equal(['@type', '_x', 'A', 'a2', 'a10', 'ab', 'b'])
    })

    const cases: [string, string][] = [
      ['1605', '"1605"'],
      ['true', '"true"'],
      ['on', '"on"'],
      ['y', '"y"'],
      ['', '""'],
      ['~', '"~"'],
      ['2022-12-08T11:03:53.361Z', '"2022-12-08T11:03:53.361Z"'],
      ['2001-12-14 21:59:43.10', '"2001-12-14 21:59:43.10"'],
      ['2022-12-08T09:07:09Z/10', '2022-12-08T09:07:09Z/10'],
      ['2022-02-30', '2022-02-30'],
      ['10.244.0.176', '10.244.0.176'],
      ['1.5', '"1.5"'],
      ['.5', '".5"'],
      ['0x1F', '"0x1F"'],
      ['08', '"08"'],
      ['1_000', '"1_000"'],
      ['10:30', '"10:30"'],
      ['-9223372036854775808', '"-9223372036854775808"'],
      ['@type', "'@type'"],
      ['- a', "'- a'"],
      ['a: b', "'a: b'"],
      ['a #b', "'a #b'"],
      [' lead', "' lead'"],
      ['-', "'-'"],
      ["it's", "it's"],
      ['tab\there', '"tab\\there"'],
      ['é', 'é'],
      ['😀', '"\\U0001F600"'],
      ['{"header_1":"v"}', `'{"header_1":"v"}'`],
    ]
    for (const [input, output] of cases) {
      it(`writes ${JSON.stringify(input)} as ${output}`, () => {
        expect(goYaml({k: input})).to.equal(`k: ${output}\n`)
      })
    }

    it('quotes keys the same way', () => {
      expect(goYaml({y: 1, '@type': 'x', n: 2})).to.equal("'@type': x\n\"n\": 2\n\"y\": 1\n")
    })

    it('multi-line strings as literal blocks', () => {
      expect(goYaml({a: {code: 'line 1\nline 2'}, b: 'ends\n'})).to.equal('a:\n  code: |-\n    line 1\n    line 2\nb: |\n  ends\n')
    })

    it('folds plain scalars at the first space past column 80', () => {
      const words = `xxx ${'word '.repeat(20).trim()}`
      expect(goYaml({k29: words})).to.equal(`k29: xxx ${'word '.repeat(14)}word\n  ${'word '.repeat(4)}word\n`)
    })

    it('numbers, empty collections, nested sequences, a sequence under a key not indented', () => {
      expect(goYaml({n: [140, 0.5, 1e-7, 1234567.5, -3], e: {}, l: [], s: [[1, 2], [], {a: 1, b: [true, null]}]})).to.equal(
        'e: {}\nl: []\n"n":\n- 140\n- 0.5\n- 1e-07\n- 1.2345675e+06\n- -3\ns:\n- - 1\n  - 2\n- []\n- a: 1\n  b:\n  - true\n  - null\n',
      )
      expect(goYaml([])).to.equal('[]\n')
      expect(goYaml(null)).to.equal('null\n')
    })
  })

  describe('toJsonpb (golang/protobuf jsonpb with a 4-space indent)', () => {
    it('indents Struct contents one level deeper, and Structs or lists nested in a Struct two', () => {
      const doc = {node: {id: 'x', metadata: {B: {c: 'd'}, A: [1, {x: 2}]}}}
      expect(toJsonpb(doc)).to.equal(
        [
          '{',
          '    "node": {',
          '        "id": "x",',
          '        "metadata": {',
          '                "A": [',
          '                            1,',
          '                            {',
          '                                        "x": 2',
          '                                    }',
          '                        ],',
          '                "B": {',
          '                            "c": "d"',
          '                        }',
          '            }',
          '    }',
          '}',
        ].join('\n'),
      )
    })

    it('a map of Structs (filter_metadata) is a normal map of Structs; other messages are plain 4-space JSON', () => {
      const doc = {cluster: {name: 'c', metadata: {filterMetadata: {istio: {k: 'v'}}}, loadAssignment: {endpoints: [{lbEndpoints: []}]}}}
      expect(toJsonpb(doc)).to.equal(
        [
          '{',
          '    "cluster": {',
          '        "name": "c",',
          '        "metadata": {',
          '            "filterMetadata": {',
          '                "istio": {',
          '                        "k": "v"',
          '                    }',
          '            }',
          '        },',
          '        "loadAssignment": {',
          '            "endpoints": [',
          '                {',
          '                    "lbEndpoints": []',
          '                }',
          '            ]',
          '        }',
          '    }',
          '}',
        ].join('\n'),
      )
    })
  })

  it('sortProtoMaps sorts map and Struct keys, never message fields', () => {
    const out = sortProtoMaps({metadata: {filterMetadata: {z: {b: 1, a: {d: 1, c: 2}}, a: {}}}, zeta: 1, alpha: 2})
    expect(JSON.stringify(out)).to.equal('{"metadata":{"filterMetadata":{"a":{},"z":{"a":{"c":2,"d":1},"b":1}}},"zeta":1,"alpha":2}')
  })

  it('structuredOutput ends as istioctl’s Fprintln does (YAML with a blank last line)', () => {
    expect(structuredOutput({a: 1}, 'yaml')).to.equal('a: 1\n\n')
    expect(structuredOutput({a: 1}, 'json')).to.equal('{\n    "a": 1\n}\n')
  })

  it('writeJsonList writes sorted items, batch by batch, exactly as structuredOutput writes the whole list', () => {
    const item = (i: number) => ({name: `c${i}`, metadata: {filterMetadata: {z: {b: i, a: [i, {y: 1, x: 2}]}, a: {}}}, n: [], o: {}})
    for (const n of [0, 1, 255, 256, 257, 600]) {
      const items = Array.from({length: n}, (_, i) => item(i))
      const chunks: string[] = []
      writeJsonList(items.map(sortProtoMaps), (c) => chunks.push(c))
      expect(chunks.join(''), `${n} items`).to.equal(structuredOutput(items, 'json'))
      expect(chunks.length, `${n} items`).to.equal(Math.ceil(n / 256) + 1)
    }
  })
})
