// The name a replica answers with in X-Served-By, so tests can see which replica served a request.
const os = require('node:os');

function replicaName(env = process.env) {
  return env.REPLICA_NAME || os.hostname();
}

module.exports = { replicaName };
