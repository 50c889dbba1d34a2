#!/usr/bin/env node
// The `orgbench` command. The project is TypeScript; on Node 20 it runs through tsx's loader.
import { register } from 'tsx/esm/api'

register()
const { runCli } = await import('../lib/cli/program.ts')
const { consoleIO } = await import('../lib/cli/io.ts')
process.exitCode = await runCli(process.argv.slice(2), consoleIO)
