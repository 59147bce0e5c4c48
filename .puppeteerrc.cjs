/**
 * Puppeteer reads this at install and at run time. Its own Chrome download cannot work
 * offline, so it is skipped: the build finds a system Chrome or Chromium by itself
 * (see scripts/render/pdf/find-browser.ts).
 */
module.exports = { skipDownload: true };
