/**
 * A request the simulator cannot answer as a model would (a design task without its reference
 * deliverables, a task it does not know, a task whose calibration file cannot be read): the server
 * refuses it with a 400 naming the cause, so the call fails and says why instead of handing in a
 * deliverable that would be scored.
 */
export class UnanswerableRequest extends Error {
  override name = 'UnanswerableRequest'
}
