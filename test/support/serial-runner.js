/** Jest's own runner, marked serial: the files of the project that uses it run one at a time, in band, after the parallel ones. */
const TestRunner = require('jest-runner').default ?? require('jest-runner');

class SerialRunner extends TestRunner {
  isSerial = true;
}

module.exports = SerialRunner;
