import { benchTask } from '../../lib/bench.js'

await benchTask('code_review_protocol')
