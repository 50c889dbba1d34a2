import { benchTask } from '../../lib/run/bench.js'

await benchTask('cash_reconciliation_execution')
