import { benchTask } from '../../lib/run/bench.js'

await benchTask('treasury_yield_sizing')
