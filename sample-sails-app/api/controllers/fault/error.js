// GET /__fault/error (fault switch only): fail inside an action, to show that production
// answers 500 without a stack trace.
module.exports = async function error() {
  throw new Error('Simulated server error requested through GET /__fault/error');
};
