// Runs every readiness probe at once, each under its own deadline, and names the ones that fail.
function withDeadline(promise, timeoutMs) {
  let timer;
  const deadline = new Promise((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

// probes: { name: () => Promise }. Resolves to { failing: [name], reasons: { name: message } }.
async function assessReadiness(probes, timeoutMs) {
  const names = Object.keys(probes);
  const outcomes = await Promise.allSettled(names.map((name) => withDeadline(Promise.resolve().then(probes[name]), timeoutMs)));
  const failed = names
    .map((name, i) => ({ name, outcome: outcomes[i] }))
    .filter(({ outcome }) => outcome.status === 'rejected');
  return {
    failing: failed.map(({ name }) => name),
    reasons: Object.fromEntries(failed.map(({ name, outcome }) => [name, String((outcome.reason && outcome.reason.message) || outcome.reason)])),
  };
}

module.exports = { assessReadiness };
