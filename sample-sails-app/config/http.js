// HTTP middleware: name the replica first, count in-flight requests for graceful shutdown,
// then Sails' defaults (without the X-Powered-By banner).
const { replicaName } = require('../lib/replica-name');
const { servedBy } = require('../lib/served-by');
const { trackInFlight } = require('../lib/graceful-shutdown');

module.exports.http = {
  middleware: {
    order: ['servedBy', 'trackInFlight', 'cookieParser', 'session', 'bodyParser', 'compress', 'router', 'www', 'favicon'],
    servedBy: servedBy(replicaName()),
    trackInFlight,
  },
};
