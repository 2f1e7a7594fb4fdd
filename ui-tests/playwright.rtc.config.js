/**
 * Playwright configuration for the real-time collaboration tests
 * (tests/rtc/): two pages on one notebook, on a JupyterLab of their own with
 * jupyter-collaboration's shared documents turned on
 * (jupyter_server_rtc_config.py), on port 8889 or PROMOTE_UI_RTC_PORT. The
 * other tests' server (playwright.config.js) stays without collaboration.
 */
const mainConfig = require('./playwright.config');

const port = process.env.PROMOTE_UI_RTC_PORT || '8889';

module.exports = {
  ...mainConfig,
  testDir: 'tests/rtc',
  testIgnore: undefined,
  outputDir: 'test-results/rtc',
  use: { ...mainConfig.use, baseURL: `http://localhost:${port}` },
  webServer: {
    ...mainConfig.webServer,
    command: 'jlpm start:rtc',
    url: `http://localhost:${port}/lab`
  }
};
