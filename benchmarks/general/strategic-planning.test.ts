import { benchTask } from '../../lib/bench.js'

await benchTask('strategic_planning')
