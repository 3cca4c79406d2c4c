// HTTP middleware: name the replica (and its version) first, count in-flight requests for graceful shutdown, send
// the production security headers, then Sails' defaults (without the X-Powered-By banner).
const { replicaName } = require('../lib/replica-name');
const { servedBy } = require('../lib/served-by');
const { appVersion } = require('../lib/app-version');
const { trackInFlight } = require('../lib/graceful-shutdown');
const { securityHeaders } = require('../lib/security-headers');

module.exports.http = {
  middleware: {
    order: ['servedBy', 'trackInFlight', 'securityHeaders', 'cookieParser', 'session', 'bodyParser', 'compress', 'router', 'www', 'favicon'],
    servedBy: servedBy(replicaName(), appVersion()),
    trackInFlight,
    securityHeaders,
  },
};
