import { benchTask } from '../../lib/run/bench.js'

await benchTask('software_architecture')
