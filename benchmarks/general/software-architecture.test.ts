import { benchTask } from '../../lib/bench.js'

await benchTask('software_architecture')
