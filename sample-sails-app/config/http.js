// HTTP middleware: name the replica first, count in-flight requests for graceful shutdown, send
// the production security headers, then Sails' defaults (without the X-Powered-By banner).
const { replicaName } = require('../lib/replica-name');
const { servedBy } = require('../lib/served-by');
const { trackInFlight } = require('../lib/graceful-shutdown');
const { securityHeaders } = require('../lib/security-headers');

module.exports.http = {
  middleware: {
    order: ['servedBy', 'trackInFlight', 'securityHeaders', 'cookieParser', 'session', 'bodyParser', 'compress', 'router', 'www', 'favicon'],
    servedBy: servedBy(replicaName()),
    trackInFlight,
    securityHeaders,
  },
};
