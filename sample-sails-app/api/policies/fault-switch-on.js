// The fault routes exist only when the simulator switched them on; otherwise they are a plain 404.
module.exports = function faultSwitchOn(req, res, proceed) {
  return process.env.SIMULATOR_FAULTS === 'enabled' ? proceed() : res.notFound();
};
