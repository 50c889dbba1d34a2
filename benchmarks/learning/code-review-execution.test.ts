import { learnTask } from '../../lib/learning/bench.js'

await learnTask('code_review_execution')
