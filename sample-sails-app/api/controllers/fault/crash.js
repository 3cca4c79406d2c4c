// POST /__fault/crash (fault switch only): answer 202, then die of an uncaught exception so the
// process manager's restart and the proxy's failover can be observed.
module.exports = function crash(req, res) {
  res.on('finish', () => setImmediate(() => {
    throw new Error('Simulated crash requested through POST /__fault/crash');
  }));
  return res.status(202).json({ crashing: true });
};
