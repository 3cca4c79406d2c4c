// Entry point: `node app.js` (under pm2-runtime in the image). In production, a missing required
// setting stops the process with one line per setting instead of a failed lift deep inside Sails.
process.chdir(__dirname);

const sails = require('sails');
const rc = require('sails/accessible/rc');
const { describeMissingSettings } = require('./lib/required-settings');
const { replicaName } = require('./lib/replica-name');

// EX_CONFIG from sysexits.h; ecosystem.config.js tells pm2 not to restart on it.
const CONFIGURATION_ERROR = 78;

const config = rc('sails');
const problems = process.env.NODE_ENV === 'production' ? describeMissingSettings(config) : [];
if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(CONFIGURATION_ERROR);
}

sails.lift(config, (err) => {
  if (err) {
    sails.log.error('Failed to lift:', err);
    process.exit(1);
  }
  sails.log.info(`${replicaName()} listening on port ${sails.config.port} (${sails.config.environment})`);
});
