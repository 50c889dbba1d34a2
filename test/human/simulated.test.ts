import { describe, expect, test } from 'vitest'
import { simulatedSidesText } from '../../lib/human/simulated.js'

describe('simulatedSidesText', () => {
  test('names the side the simulator played, and both when it is not known', () => {
    expect(simulatedSidesText({ agents: true, judge: false })).toBe('the deliverables are simulated, the judge is a real model')
    expect(simulatedSidesText({ agents: false, judge: true })).toBe("the judge is simulated, the deliverables are a real model's")
    expect(simulatedSidesText({ agents: true, judge: true })).toBe('the deliverables and the judge are simulated')
    expect(simulatedSidesText()).toBe('the deliverables and the judge are simulated')
  })
})
