'use strict';

const { hookTrigger } = require('../lib/hook-trigger');
const output = require('../lib/output-fields');
const sample = require('../samples/task.due.json');

module.exports = hookTrigger({
  key: 'task_due',
  event: 'task.due',
  noun: 'Task',
  label: 'Task Due',
  description: 'Triggers when a task that is not done reaches its due time.',
  sample,
  outputFields: output.forSample(output.event(output.task), sample),
});
