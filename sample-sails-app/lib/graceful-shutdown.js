// Graceful stop on SIGTERM/SIGINT. Sails' own lower() closes the listener but destroys open
// connections after 100 ms, then calls process.exit() while the ORM is still tearing down. Run as
// sails.config.beforeShutdown, this first stops accepting, lets in-flight requests finish (bounded),
// and closes the Postgres pool and the Redis clients; Sails' lower() then finds nothing left to cut.
const { promisify } = require('node:util');

const DRAIN_TIMEOUT_MS = 5000; // below pm2's kill_timeout and Docker's default 10 s stop timeout

let inFlight = 0;
let onIdle = () => {};
let stopping; // the promise of the one shutdown, however many signals arrive

// HTTP middleware: counts requests until their response is finished or the client is gone.
function trackInFlight(req, res, next) {
  inFlight += 1;
  let counted = true;
  const settle = () => {
    if (counted) {
      counted = false;
      inFlight -= 1;
      if (inFlight === 0) {
        onIdle();
      }
    }
  };
  res.on('finish', settle);
  res.on('close', settle);
  next();
}

function isShuttingDown() {
  return stopping !== undefined;
}

// Resolves true once no request is in flight, or false when the timeout comes first.
function waitForInFlight(timeoutMs) {
  return new Promise((resolve) => {
    if (inFlight === 0) {
      return resolve(true);
    }
    const timer = setTimeout(() => resolve(false), timeoutMs);
    onIdle = () => {
      clearTimeout(timer);
      resolve(true);
    };
  });
}

function quitRedis(client) {
  return client && client.connected ? promisify(client.quit.bind(client))().catch(() => {}) : Promise.resolve();
}

async function drainAndClose(sails) {
  const server = sails.hooks?.http?.server; // absent when the lift failed early
  if (server) {
    sails.log.info(`Stopping: no new connections; waiting for ${inFlight} in-flight request(s)...`);
    server.close();
    if (!(await waitForInFlight(DRAIN_TIMEOUT_MS))) {
      sails.log.warn(`Stopping: ${inFlight} request(s) still running after ${DRAIN_TIMEOUT_MS} ms; cutting them off.`);
    }
  }
  const orm = sails.hooks?.orm;
  if (orm) {
    // Take the ORM teardown over from Sails' 'lower' listener so it can be awaited.
    sails.removeListener('lower', orm.teardown);
    await promisify(orm.teardown)().catch((err) => sails.log.warn('ORM teardown failed:', err.message));
  }
  const adapter = sails.io?.of('/').adapter;
  await Promise.all([sails.config.session?.client, adapter?.pubClient, adapter?.subClient].map(quitRedis));
  sails.log.info('Stopping: connections closed.');
}

// The shape Sails expects for sails.config.beforeShutdown.
function beforeShutdown(done) {
  stopping = stopping || drainAndClose(sails);
  stopping.then(() => done(), done);
}

module.exports = { trackInFlight, isShuttingDown, waitForInFlight, beforeShutdown };
