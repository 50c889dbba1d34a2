import { benchTask } from '../../lib/run/bench.js'

await benchTask('ai_incident_response')
