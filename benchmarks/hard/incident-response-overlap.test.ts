import { benchTask } from '../../lib/run/bench.js'

await benchTask('incident_response_overlap')
