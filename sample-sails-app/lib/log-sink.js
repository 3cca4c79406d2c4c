// The target of Sails' logger (sails.config.log.custom): each formatted line goes to stdout/stderr as
// usual and to the OpenTelemetry logs API, which exports it when otel.js started the SDK and
// drops it otherwise.
const { logs, SeverityNumber } = require('@opentelemetry/api-logs');

const otelLogger = logs.getLogger('sails');

// Sails ranks `debug` above `info` (it is shown at the default level), hence INFO2.
const LEVELS = {
  crit: { severityNumber: SeverityNumber.FATAL, stream: process.stderr },
  error: { severityNumber: SeverityNumber.ERROR, stream: process.stderr },
  warn: { severityNumber: SeverityNumber.WARN, stream: process.stderr },
  debug: { severityNumber: SeverityNumber.INFO2, stream: process.stdout },
  info: { severityNumber: SeverityNumber.INFO, stream: process.stdout },
  verbose: { severityNumber: SeverityNumber.DEBUG, stream: process.stdout },
  silly: { severityNumber: SeverityNumber.TRACE, stream: process.stdout },
};

function writer(level, { severityNumber, stream }) {
  return (line) => {
    stream.write(`${line}\n`);
    otelLogger.emit({ severityNumber, severityText: level, body: line });
  };
}

const sink = Object.fromEntries(Object.entries(LEVELS).map(([level, spec]) => [level, writer(level, spec)]));
sink.log = sink.debug; // captains-log requires a `log` method
sink.blank = () => process.stdout.write('\n');

module.exports = sink;
