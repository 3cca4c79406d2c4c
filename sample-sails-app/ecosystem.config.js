// pm2-runtime process definition (the image's command). One process per container: replicas are
// containers. A crash restarts the process; a configuration error (exit 78) does not, so the
// container stops with the one-line message instead of looping.
module.exports = {
  apps: [
    {
      name: 'sails',
      script: 'app.js',
      node_args: ['--require', './otel.js'],
      exec_mode: 'fork',
      instances: 1,
      autorestart: true,
      exp_backoff_restart_delay: 100,
      stop_exit_codes: [78],
      // pm2 stops the app with SIGINT; Sails then drains for up to 5 s (lib/graceful-shutdown.js).
      // Killed after 8 s, inside Docker's default 10 s stop timeout.
      kill_timeout: 8000,
      // Logs go to the container's stdout/stderr only, not to files in ~/.pm2.
      out_file: '/dev/null',
      error_file: '/dev/null',
    },
  ],
};
