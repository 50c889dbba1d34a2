import { benchTask } from '../../lib/run/bench.js'

await benchTask('contract_review_deal')
