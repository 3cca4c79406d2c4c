// Session cookie defaults. Production adds the Redis store and secret (config/env/production.js + env).
// Health probes and the fault routes run without a session: they must work while Redis is down
// and must not create a session (a Redis write) per probe.
const SESSIONLESS_PATHS = new Set(['/healthz', '/readyz', '/__fault/crash', '/__fault/hang', '/__fault/error']);

module.exports.session = {
  cookie: {
    httpOnly: true,
    sameSite: 'lax',
    secure: false, // development runs on plain http; config/env/production.js makes it secure
    maxAge: 24 * 60 * 60 * 1000,
  },
  isSessionDisabled(req) {
    return SESSIONLESS_PATHS.has(req.path) || req._sails.LOOKS_LIKE_ASSET_RX.test(req.path);
  },
};
