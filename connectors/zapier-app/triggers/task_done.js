'use strict';

const { hookTrigger } = require('../lib/hook-trigger');
const output = require('../lib/output-fields');
const sample = require('../samples/task.done.json');

module.exports = hookTrigger({
  key: 'task_done',
  event: 'task.done',
  noun: 'Task',
  label: 'Task Done',
  description: 'Triggers when a task is marked done.',
  sample,
  outputFields: output.forSample(output.event(output.task), sample),
});
