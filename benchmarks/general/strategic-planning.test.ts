import { benchTask } from '../../lib/run/bench.js'

await benchTask('strategic_planning')
