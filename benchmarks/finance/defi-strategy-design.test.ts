import { benchTask } from '../../lib/bench.js'

await benchTask('defi_strategy_design')
