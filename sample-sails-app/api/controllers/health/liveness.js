// GET /healthz: the process is up and serving requests. Touches no backing service.
// The pid lets a test see that a crashed process was replaced; version, which build runs; node, which runtime the image gives.
const { replicaName } = require('../../../lib/replica-name');
const { appVersion } = require('../../../lib/app-version');

module.exports = function liveness(req, res) {
  return res.json({ status: 'ok', servedBy: replicaName(), environment: sails.config.environment, pid: process.pid, version: appVersion(), node: process.version });
};
