#!/usr/bin/env -S node --import tsx
// Runs the TypeScript sources (src/main.ts through tsx) without a build: slower to start, for development.
import {readFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import {execute} from '@oclif/core'

const root = fileURLToPath(new URL('..', import.meta.url))
const pjson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
pjson.oclif.commands = {...pjson.oclif.commands, target: './src/main.ts'}
await execute({development: true, loadOptions: {root, pjson}})
