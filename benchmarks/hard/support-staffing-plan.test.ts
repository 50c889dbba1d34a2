import { benchTask } from '../../lib/run/bench.js'

await benchTask('support_staffing_plan')
