// Explicit routes. Blueprint routes are off (config/blueprints.js): only what is listed here exists.
module.exports.routes = {
  // Pages for browsers (views/pages/) and, for API clients, JSON: see api/controllers/home.js.
  'GET /': { action: 'home' },
  'GET /dependencies/sails.io.js': { action: 'assets/sails-io' },
  'GET /healthz': { action: 'health/liveness' },
  'GET /readyz': { action: 'health/readiness' },
  'GET /csrfToken': { action: 'security/grant-csrf-token' },

  'POST /api/signup': { action: 'account/signup' },
  'POST /api/login': { action: 'account/login' },
  'POST /api/logout': { action: 'account/logout' },
  'GET /api/me': { action: 'account/me' },

  'GET /api/messages': { action: 'messages/list' },
  'POST /api/messages': { action: 'messages/create' },
  'GET /api/messages/subscribe': { action: 'messages/subscribe' },

  'POST /api/uploads': { action: 'uploads/create' },
  'GET /api/uploads/:id': { action: 'uploads/download' },

  // Fault injection; the fault-switch-on policy answers 404 unless SIMULATOR_FAULTS=enabled.
  // Crash is a POST because nginx retries idempotent requests on the next replica (a GET would
  // crash them all), and needs no CSRF token so that an operator command can call it.
  'POST /__fault/crash': { action: 'fault/crash', csrf: false },
  'GET /__fault/hang': { action: 'fault/hang' },
  'GET /__fault/error': { action: 'fault/error' },
};
