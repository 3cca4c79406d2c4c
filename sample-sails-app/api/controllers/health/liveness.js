// GET /healthz: the process is up and serving requests. Touches no backing service.
// The pid shows a process restart (PM2 after a crash); the environment shows production mode.
const { replicaName } = require('../../../lib/replica-name');

module.exports = function liveness(req, res) {
  return res.json({ status: 'ok', replica: replicaName(), pid: process.pid, environment: sails.config.environment });
};
