// Drain in-flight requests and close connections before Sails lowers (see lib/graceful-shutdown.js).
const { beforeShutdown } = require('../lib/graceful-shutdown');

module.exports.beforeShutdown = beforeShutdown;
