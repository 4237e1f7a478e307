import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Integration suites start real servers and browsers: two cores, so one file at a time.
    fileParallelism: false,
    env: { NODE_ENV: 'test' },
  },
})
