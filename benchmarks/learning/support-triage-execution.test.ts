import { learnTask } from '../../lib/learning/bench.js'

await learnTask('support_triage_execution')
