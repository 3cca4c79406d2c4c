// The version this replica runs, as the simulator names it (APP_VERSION: the image's id), else the
// package's own version. Reported in /healthz and the X-App-Version header, so a deploy can be watched.
const { version: packageVersion } = require('../package.json');

function appVersion(env = process.env) {
  return env.APP_VERSION || packageVersion;
}

module.exports = { appVersion };
