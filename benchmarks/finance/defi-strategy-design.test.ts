import { benchTask } from '../../lib/run/bench.js'

await benchTask('defi_strategy_design')
