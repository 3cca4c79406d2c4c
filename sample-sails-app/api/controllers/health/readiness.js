// GET /readyz: 200 when Postgres, Redis and the object store all answer, else 503 naming the failing ones.
const shutdown = require('../../../lib/graceful-shutdown');

module.exports = async function readiness(req, res) {
  if (shutdown.isShuttingDown()) {
    return res.status(503).json({ status: 'stopping', failing: [] });
  }
  const { failing, reasons } = await sails.helpers.checkReadiness();
  if (failing.length > 0) {
    sails.log.warn('Not ready:', reasons);
    return res.status(503).json({ status: 'unready', failing });
  }
  return res.json({ status: 'ready' });
};
