import { benchTask } from '../../lib/bench.js'

await benchTask('incident_response_execution')
