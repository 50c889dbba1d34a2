import { benchTask } from '../../lib/bench.js'

await benchTask('contract_review')
