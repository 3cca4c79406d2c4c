// GET /: a tiny description of the app and of the replica that answered.
const { replicaName } = require('../../lib/replica-name');

module.exports = function home(req, res) {
  return res.json({ app: 'sample-sails-app', servedBy: replicaName() });
};
