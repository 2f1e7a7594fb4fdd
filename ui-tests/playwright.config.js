/**
 * Playwright configuration for the Galata UI tests.
 *
 * Uses the system Chromium (no browser download), no video (it needs ffmpeg)
 * and starts its own JupyterLab on port 8888, or on PROMOTE_UI_PORT so that
 * several test runs can share a machine. The real-time collaboration tests
 * (tests/rtc/) need a collaborative server: playwright.rtc.config.js runs
 * them on their own.
 */
const baseConfig = require('@jupyterlab/galata/lib/playwright-config');

const port = process.env.PROMOTE_UI_PORT || '8888';

module.exports = {
  ...baseConfig,
  testIgnore: /[\\/]rtc[\\/]/,
  use: {
    ...baseConfig.use,
    baseURL: `http://localhost:${port}`,
    video: 'off',
    trace: 'off',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic'
      ]
    }
  },
  webServer: {
    command: 'jlpm start',
    url: `http://localhost:${port}/lab`,
    timeout: 120000,
    // Never attach to a server this run did not start (someone else's on the
    // same port): Playwright then stops with "is already used".
    reuseExistingServer: false
  }
};
