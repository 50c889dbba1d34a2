import { benchTask } from '../../lib/run/bench.js'

await benchTask('code_review_hard')
