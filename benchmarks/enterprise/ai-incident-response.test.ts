import { benchTask } from '../../lib/bench.js'

await benchTask('ai_incident_response')
