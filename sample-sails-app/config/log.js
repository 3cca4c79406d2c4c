// Logging through lib/log-sink.js so log lines also reach OpenTelemetry when it is on.
// The level is overridable with sails_log__level.
module.exports.log = {
  level: 'info',
  noShip: true,
  custom: require('../lib/log-sink'),
};
