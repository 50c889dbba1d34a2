import { describe, expect, test } from 'vitest'
import { loadConfig } from '../../lib/config.js'
import { withEndpoint } from '../../lib/run/endpoint.js'

describe('withEndpoint', () => {
  test('without a configured endpoint, starts a simulator for the duration of the work and stops it after', async () => {
    const config = loadConfig({ env: {} })
    const url = await withEndpoint(config, async (baseURL) => {
      const models = (await (await fetch(`${baseURL}/models`)).json()) as { data: Array<{ id: string }> }
      expect(models.data.map((m) => m.id)).toContain('sim-strong')
      return baseURL
    })
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/)
    await expect(fetch(`${url}/models`)).rejects.toThrow()
  })

  test('with a configured endpoint, hands it over and starts nothing', async () => {
    const config = loadConfig({ env: { ORGBENCH_BASE_URL: 'http://127.0.0.1:9/v1', ORGBENCH_MODEL: 'm' } })
    expect(await withEndpoint(config, async (baseURL) => baseURL)).toBe('http://127.0.0.1:9/v1')
  })

  test('stops the simulator even when the work fails', async () => {
    let seen = ''
    await expect(
      withEndpoint(loadConfig({ env: {} }), async (baseURL) => {
        seen = baseURL
        throw new Error('boom')
      }),
    ).rejects.toThrow('boom')
    await expect(fetch(`${seen}/models`)).rejects.toThrow()
  })
})
