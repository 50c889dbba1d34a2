import { learnTask } from '../../lib/learning/bench.js'

await learnTask('contract_review_execution')
