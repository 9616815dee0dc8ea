'use strict';

// Child processes (Passerelle, the mail hub) must not outlive the test run, however it ends:
// normally, on an uncaught error, or killed by a signal (Ctrl-C, CI's timeout).
const kills = new Set();
let installed = false;

const killAll = () => {
  kills.forEach((kill) => {
    try {
      kill();
    } catch (e) {
      // already gone
    }
  });
  kills.clear();
};

const onExit = (kill) => {
  if (!installed) {
    installed = true;
    process.once('exit', killAll);
    ['SIGINT', 'SIGTERM', 'SIGHUP'].forEach((signal) =>
      process.once(signal, () => {
        killAll();
        process.exit(128 + ({ SIGINT: 2, SIGTERM: 15, SIGHUP: 1 }[signal]));
      }),
    );
  }
  kills.add(kill);
  return () => kills.delete(kill);
};

module.exports = { onExit };
